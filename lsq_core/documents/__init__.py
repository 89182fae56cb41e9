"""Official documents: the Thai-correct PDF engine (thai.py) and, later, document types,
issuing, serials and verification (issue 4)."""
