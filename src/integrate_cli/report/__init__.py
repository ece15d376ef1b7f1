"""Committee papers: a context computed from the playbook, a Jinja template, four formats."""
