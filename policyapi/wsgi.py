"""WSGI entry point for gunicorn: `policyapi.wsgi:app`."""

from policyapi import create_app

app = create_app()
