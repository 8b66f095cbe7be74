"""The DPIA register (Art. 35 GDPR): each assessment with its criteria and outcome."""
