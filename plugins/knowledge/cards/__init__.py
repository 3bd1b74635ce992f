"""Social cards: the image a link to a page shows when it is shared (Open Graph,
Twitter/X, chat apps): 1200×630 PNG, in the page's language, drawn at build time
from the page's title, category, author, date and the site's name.

Plain Python (Pillow), no MkDocs: ``plugin.py`` asks the site plan which pages get a
card (:meth:`knowledge.site.plan.SitePlan.card_texts`), calls :func:`build_cards`
and ships the result as generated files. The fonts ship with the package
(``fonts/``: DejaVu Sans, Latin subset), so a build never touches the network.

Cards are cached by content hash in the project's cache folder
(``knowledge.cachedir``): a card whose text, colours, logo, fonts and drawing code
are unchanged is copied, not drawn again.
"""

from knowledge.cards.model import CARD_HEIGHT, CARD_WIDTH, CardOptions, CardText, card_options
from knowledge.cards.store import BuiltCard, CardBuild, build_cards, card_dest, place_file, start_cards

__all__ = ["CARD_HEIGHT", "CARD_WIDTH", "BuiltCard", "CardBuild", "CardOptions", "CardText", "build_cards", "card_dest", "card_options", "place_file", "start_cards"]
