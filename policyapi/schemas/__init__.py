"""marshmallow schemas: the public JSON contract."""
