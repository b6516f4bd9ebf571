"""The importer: a procedure exported as plain text (from Word or PDF) into a
draft ``policy.yaml`` that a person confirms. It never rewords and never
invents a gap.

The steps, in order: ``export_reader`` decodes the export and marks page
furniture (with ``contents`` for a table of contents); ``lines`` joins lines
into items (headings, clauses, sub-items, paragraphs), with ``indented_lists``
numbering lists that restart at "1." on each level, ``hyphens`` joining words
broken at a hyphen and ``wording`` telling sentences from headings;
``assembler`` places the items, with ``cover`` (metadata), ``definitions``,
``numbering`` (clause order and gaps) and ``cut_off`` (unfinished clauses, the
cut-off end) doing their parts and ``kind_guess`` guessing each clause's kind;
``reporting`` and ``first_pass_report`` word the problems they all report;
``draft`` holds what was found and ``write_yaml`` writes it out.
"""
