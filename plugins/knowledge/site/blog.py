"""The blog's generated pages, per language: home listing with pagination, category
and tag pages, and how pages of different languages translate each other."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal, Mapping

from knowledge.site.model import Page, SiteModel
from knowledge.site.strings import t
from knowledge.site.text import slugify

Kind = Literal["home", "category", "tag"]


@dataclass(frozen=True)
class Listing:
    """One page of a list of posts, in one language."""

    lang: str
    key: str  # "index", "page/2", "category/ia", "category/ia/page/2", "tag/llm"
    kind: Kind
    title: str
    group: str  # translation group: pages of the same group translate each other
    posts: tuple[Page, ...]
    number: int = 1
    count: int = 1
    newer_key: str | None = None
    older_key: str | None = None
    generated: bool = True  # False for the home page, which is content/<lang>/index.md
    base: str = "index"  # key of the first page of this list

    def key_of(self, number: int) -> str:
        return _page_key(self.base, number)


@dataclass
class Blog:
    listings: list[Listing] = field(default_factory=list)
    category_keys: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> category name -> key
    tag_keys: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> tag name -> key

    def generated(self) -> list[Listing]:
        return [listing for listing in self.listings if listing.generated]


def paginate(posts: list[Page], per_page: int) -> list[list[Page]]:
    per_page = max(1, per_page)
    chunks = [posts[i : i + per_page] for i in range(0, len(posts), per_page)]
    return chunks or [[]]


def _page_key(base: str, number: int) -> str:
    if number == 1:
        return base
    prefix = "" if base == "index" else base + "/"
    return f"{prefix}page/{number}"


def _listing_pages(lang: str, base: str, kind: Kind, title: str, group: str, posts: list[Page], per_page: int) -> list[Listing]:
    chunks = paginate(posts, per_page)
    out = []
    for number, chunk in enumerate(chunks, 1):
        key = _page_key(base, number)
        out.append(
            Listing(
                lang=lang,
                key=key,
                kind=kind,
                title=title if number == 1 else f"{title} · {t(lang, 'page_n', n=number)}",
                group=_page_key(group, number) if number > 1 else group,
                posts=tuple(chunk),
                number=number,
                count=len(chunks),
                newer_key=_page_key(base, number - 1) if number > 1 else None,
                older_key=_page_key(base, number + 1) if number < len(chunks) else None,
                generated=not (kind == "home" and number == 1),
                base=base,
            )
        )
    return out


def _counterpart_groups(model: SiteModel, attribute: Literal["category", "tags"]) -> dict[tuple[str, str], str]:
    """Translation groups for categories or tags, learned from translated posts.

    A category of a post and the category of its translation name the same thing;
    the most frequent pairing wins. Tags pair only when their slugs match (tags
    are free lists whose order says nothing). Unpaired names get a group of their own.
    """
    default = model.languages[0]
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for post in model.posts(default):
        for lang, other in model.translations(post.key).items():
            if attribute == "category":
                if post.category and other.category:
                    votes[(lang, slugify(other.category))][slugify(post.category)] += 1
            else:
                default_tags = {slugify(tag) for tag in post.tags}
                for tag in other.tags:
                    if slugify(tag) in default_tags:
                        votes[(lang, slugify(tag))][slugify(tag)] += 1
    return {pair: counter.most_common(1)[0][0] for pair, counter in votes.items()}


def _term_listings(blog: Blog, model: SiteModel, lang: str, kind: str, terms_of: Callable[[Page], Iterable[str]], groups: Mapping[tuple[str, str], str], per_page: int) -> dict[str, str]:
    """Add the listing pages of one kind of term ("category" or "tag") in ``lang``;
    returns each term's name -> its page key. ``groups`` links a term to its
    translation (the same group in every language)."""
    by_slug: dict[str, list[Page]] = defaultdict(list)
    names: dict[str, str] = {}
    for post in model.posts(lang):
        for name in terms_of(post):
            slug = slugify(name)
            if not slug:
                continue  # no URL can be made of it: `no-slug` stops the build (site.terms)
            by_slug[slug].append(post)
            names.setdefault(slug, name)
    keys: dict[str, str] = {}
    for slug, items in sorted(by_slug.items()):
        name = names[slug]
        group_slug = groups.get((lang, slug), slug if lang == model.languages[0] else f"{lang}-{slug}")
        blog.listings += _listing_pages(lang, f"{kind}/{slug}", kind, t(lang, kind, name=name), f"{kind}/{group_slug}", items, per_page)
        keys[name] = f"{kind}/{slug}"
    return keys


def build_blog(model: SiteModel, per_page: int) -> Blog:
    blog = Blog()
    category_groups = _counterpart_groups(model, "category")
    tag_groups = _counterpart_groups(model, "tags")
    for lang in model.languages:
        posts = model.posts(lang)
        home = model.page(lang, "index")
        home_title = home.title if home else t(lang, "posts")
        blog.listings += _listing_pages(lang, "index", "home", home_title, "index", posts, per_page)
        blog.category_keys[lang] = _term_listings(blog, model, lang, "category", lambda post: [post.category] if post.category else [], category_groups, per_page)
        blog.tag_keys[lang] = _term_listings(blog, model, lang, "tag", lambda post: post.tags, tag_groups, per_page)
    return blog


def category_key(blog: Blog, lang: str, name: str | None) -> str | None:
    return blog.category_keys.get(lang, {}).get(name) if name else None


def tag_key(blog: Blog, lang: str, name: str) -> str | None:
    return blog.tag_keys.get(lang, {}).get(name)
