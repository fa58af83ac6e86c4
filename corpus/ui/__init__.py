"""The app's pages (app.py runs them): one module a page, the store and URL state shared."""
