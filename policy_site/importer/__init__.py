"""The importer: a procedure exported as plain text (from Word or PDF) into a
draft ``policy.yaml`` that a person confirms. It never rewords and never
invents a gap.

The steps, in order: ``export_reader`` decodes the export and marks page
debris; ``lines`` joins lines into items (headings, clauses, paragraphs);
``assembler`` places the items, with ``cover`` (metadata), ``definitions``
and ``numbering`` (clause order and gaps) doing their parts and
``kind_guess`` guessing each clause's kind; ``reporting`` words the problems
they all report; ``draft`` holds what was found and ``write_yaml`` writes it
out.
"""
