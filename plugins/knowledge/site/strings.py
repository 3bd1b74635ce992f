"""Interface text of our own templates, per language (Material's come from its
``partials/languages/<lang>.html``). Unknown languages fall back to English."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

STRINGS: dict[str, dict[str, str]] = {
    "es": {
        "readtime": "{n} min de lectura",
        "by": "Por {name}, {role} en {brand}.",
        "by_no_role": "Por {name}.",
        "tags": "Etiquetas",
        "category": "Categoría: {name}",
        "tag": "Etiqueta: {name}",
        "categories": "Categorías",
        "page_n": "Página {n}",
        "newer": "Más recientes",
        "older": "Anteriores",
        "pagination": "Paginación",
        "posts": "Artículos",
        "no_posts": "Todavía no hay artículos.",
        "draft": "Borrador",
        "feed": "Feed de artículos",
        "untranslated": "{page} no está disponible en {language}: te llevamos al inicio en {language}.",
        "home_of": "Inicio en {language}",
        "not_found_title": "Página no encontrada",
        "not_found_text": "La página que buscás no existe o cambió de lugar.",
        "back_home": "Volver al inicio",
        "choose_language": "Elegí tu idioma",
        "breadcrumb_home": "Inicio",
        "published": "Publicado el {date}",
        "updated": "Actualizado el {date}",
        "menu_button": "Menú",
        "listing_description": "{title}. Artículos en {site}: {titles}",
        "card_faq": "Preguntas y respuestas",
        "search_button": "Buscar",
    },
    "en": {
        "readtime": "{n} min read",
        "by": "By {name}, {role} at {brand}.",
        "by_no_role": "By {name}.",
        "tags": "Tags",
        "category": "Category: {name}",
        "tag": "Tag: {name}",
        "categories": "Categories",
        "page_n": "Page {n}",
        "newer": "Newer posts",
        "older": "Older posts",
        "pagination": "Pagination",
        "posts": "Posts",
        "no_posts": "No posts yet.",
        "draft": "Draft",
        "feed": "Posts feed",
        "untranslated": "{page} is not available in {language}: this takes you to the {language} home page.",
        "home_of": "{language} home",
        "not_found_title": "Page not found",
        "not_found_text": "The page you are looking for does not exist or has moved.",
        "back_home": "Back to the home page",
        "choose_language": "Choose your language",
        "breadcrumb_home": "Home",
        "published": "Published on {date}",
        "updated": "Updated on {date}",
        "menu_button": "Menu",
        "listing_description": "{title}. Posts on {site}: {titles}",
        "card_faq": "Questions and answers",
        "search_button": "Search",
    },
}

DEFAULT_CTA: dict[str, dict[str, str]] = {
    "es": {
        "title": "¿Tenés una idea? Hagámosla realidad.",
        "text": "Sin compromiso. Solo una charla honesta sobre tu proyecto.",
        "button": "Hablemos",
    },
    "en": {
        "title": "Have an idea? Let's make it real.",
        "text": "No strings attached. Just an honest conversation about your project.",
        "button": "Let's talk",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    table = STRINGS.get(lang) or STRINGS["en"]
    template = table.get(key) or STRINGS["en"][key]
    return template.format(**values) if values else template


@lru_cache(maxsize=64)  # asked by every page's switcher; Babel's lookup is slow and never changes
def language_name(lang: str) -> str:
    """A language's own name, capitalized: "Español", "English"."""
    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, TypeError, LookupError):
        return lang
    return name[:1].upper() + name[1:]
