"""Roles, scope and the security manager: the one place that decides who may see what."""
