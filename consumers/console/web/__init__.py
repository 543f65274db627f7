"""The console's web side: a WSGI app (Werkzeug routing, Jinja2 templates with autoescaping) served by Waitress."""
