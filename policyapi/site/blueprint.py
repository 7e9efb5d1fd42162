"""The site's own routes (plain Flask, kept out of the OpenAPI document: they serve HTML)."""

from flask import Blueprint

bp = Blueprint("site", __name__)
