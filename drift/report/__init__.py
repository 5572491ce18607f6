"""Views of drift's results: terminal tables, JSON, and later HTML, Markdown, datasets.

Only this layer prints or writes files; the API returns data.
"""
