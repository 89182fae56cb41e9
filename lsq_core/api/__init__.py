"""REST APIs under /api/v1/ (Flask-AppBuilder ModelRestApi), scoped like the screens."""
