"""Reads, one module per area of the site, each function named for the question a
page asks and returning plain data (dataclasses, DataFrames).

Every public read starts from `public.public_reports_condition()`, the one
definition of what the public may see.
"""
