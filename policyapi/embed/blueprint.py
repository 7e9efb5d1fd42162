"""The embedding blueprint: plain Flask, kept out of the OpenAPI document (it serves HTML)."""

from flask import Blueprint

bp = Blueprint("embed", __name__)
