"""The breaches area (datalekken, Art. 33/34 GDPR).

- rules.py: the status enum with its groups, the AP form vocabularies, the 72-hour warnings (pure)
- models.py: what the routes take; tables.py: the store tables; queries.py: every statement
- commands.py: intake, assessment, decision, notifications, evaluation (one transaction each)
- views.py: the reads (one breach, the list, the register, the AP report) and their view mappers
- risk.py: the risk score (ENISA/EDPB method; pure)
- authority_report.py: the AP form answers in Dutch (JSON and text); register_export.py: Art. 33(5)
- texts.py: the FG's contact details and the Dutch letters; watch.py: the deadline_watch part

Design choices: a breach closes only by an evaluation, and only once the notifications its
decision requires are recorded; notifications may still be recorded after closing (follow-ups).
"""
