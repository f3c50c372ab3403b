"""Start the News Assistant web app: `python app.py` (settings from ASSISTANT_* variables)."""

from assistant.config import load_settings
from assistant.web.serve import serve

if __name__ == "__main__":
    serve(load_settings())
