"""Screens (Flask-AppBuilder ModelViews) and the home page."""
