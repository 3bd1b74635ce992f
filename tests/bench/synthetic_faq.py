"""A deterministic synthetic bilingual FAQ, and a model of the right shape for it.

For timing the browser at sizes the trainer cannot reach (its design matrix is
examples x features, dense): ``synthetic_entries(n)`` writes n entries with 3-10
variants per language (es + en) from templates, slot fillers and made-up product
names (so the vocabulary grows with the FAQ, as a real one does);
``synthetic_model(entries)`` compiles their texts exactly as ``train`` does and
fills the weight stream with levels drawn per feature from how often real trained
levels are zero, positive or negative at that feature's document frequency.
What the browser pays for (texts, features, postings, stream length) depends on
that shape, not on trained values; the answers are not meant to be good.
"""

from __future__ import annotations

import random

from knowledge.matcher.engine import DEFAULT_TUNABLES, SPEC_VERSION, TUNABLE_NAMES, compile_texts
from knowledge.matcher.train import MatchEntry, encode_weights, entry_examples, stem_groups

# (es, en) slot fillers.
NOUNS = [
    ("página web", "website"), ("tienda online", "online store"), ("aplicación móvil", "mobile app"),
    ("sistema de turnos", "booking system"), ("panel de control", "dashboard"), ("integración de pagos", "payment integration"),
    ("base de datos", "database"), ("chatbot", "chatbot"), ("campaña de anuncios", "ad campaign"),
    ("migración a la nube", "cloud migration"), ("auditoría de seguridad", "security audit"), ("API", "API"),
    ("modelo de lenguaje", "language model"), ("sitio institucional", "corporate site"), ("intranet", "intranet"),
    ("landing page", "landing page"), ("newsletter", "newsletter"), ("CRM", "CRM"), ("ERP", "ERP"),
    ("servidor dedicado", "dedicated server"), ("copia de seguridad", "backup"), ("dominio", "domain"),
    ("certificado SSL", "SSL certificate"), ("diseño del logo", "logo design"), ("traducción del sitio", "site translation"),
]
ADJECTIVES = [
    ("nueva", "new"), ("básica", "basic"), ("completa", "full"), ("a medida", "custom"), ("urgente", "urgent"),
    ("mensual", "monthly"), ("anual", "yearly"), ("pequeña", "small"), ("grande", "large"), ("segura", "secure"),
    ("rápida", "fast"), ("multilingüe", "multilingual"),
]
CONTEXTS = [
    ("para mi empresa", "for my company"), ("para una startup", "for a startup"), ("en Argentina", "in Argentina"),
    ("en España", "in Spain"), ("con pagos online", "with online payments"), ("sin programar", "without coding"),
    ("para un restaurante", "for a restaurant"), ("para una clínica", "for a clinic"), ("con WordPress", "with WordPress"),
    ("con React", "with React"), ("desde cero", "from scratch"), ("para exportar", "to export"),
    ("con soporte", "with support"), ("en pocas semanas", "in a few weeks"), ("para una ONG", "for a nonprofit"),
]
# Per intent, templates per language: {n} noun, {a} adjective, {c} context, {p} product name.
INTENTS = [
    (["¿Cuánto cuesta {n} {a} {c}?", "precio de {n} {a}", "cuánto sale {n} {p}", "presupuesto para {n} {c}",
      "costo de {n} {a} {p}", "tarifa de {n} {c}", "valor aproximado de {n} {p}", "cuanto me cobran por {n} {a}",
      "precios {p} {n}", "cotización de {n} {a} {c}"],
     ["How much does a {a} {n} cost {c}?", "price of a {a} {n}", "{p} {n} pricing", "budget for a {n} {c}",
      "cost of {p} {a} {n}", "{n} rates {c}", "rough quote for {p} {n}", "what do you charge for a {a} {n}",
      "{p} {n} prices", "estimate for a {a} {n} {c}"]),
    (["¿Cuánto tarda {n} {a} {c}?", "plazo de entrega de {n} {p}", "en cuánto tiempo está {n} {a}",
      "demora de {n} {c}", "cuántas semanas lleva {n} {p}", "tiempo de desarrollo de {n} {a}",
      "fecha de entrega {p} {n}", "cuando estaría lista {n} {c}"],
     ["How long does a {a} {n} take {c}?", "delivery time for {p} {n}", "how soon is a {a} {n} ready",
      "{n} turnaround {c}", "how many weeks for {p} {n}", "development time of a {a} {n}",
      "{p} {n} delivery date", "when would the {n} be ready {c}"]),
    (["¿Cómo contrato {n} {a} {c}?", "quiero contratar {n} {p}", "pasos para encargar {n} {a}",
      "cómo empiezo con {n} {c}", "proceso de contratación de {n} {p}", "formulario para pedir {n} {a}"],
     ["How do I hire you for a {a} {n} {c}?", "I want to order {p} {n}", "steps to commission a {a} {n}",
      "how to get started with a {n} {c}", "hiring process for {p} {n}", "form to request a {a} {n}"]),
    (["¿Ofrecen garantía para {n} {a}?", "garantía de {n} {p}", "qué pasa si falla {n} {c}", "cobertura de errores en {n} {a}",
      "reclamo por {n} {p}", "devolución de {n} {a} {c}"],
     ["Do you offer a warranty for a {a} {n}?", "{p} {n} warranty", "what if the {n} breaks {c}", "bug coverage for a {a} {n}",
      "complaint about {p} {n}", "refund for a {a} {n} {c}"]),
    (["¿Puedo pagar {n} {a} en cuotas?", "formas de pago de {n} {p}", "aceptan tarjeta para {n} {c}",
      "pago en dólares por {n} {a}", "factura de {n} {p}", "anticipo para {n} {c}", "medios de pago {p}"],
     ["Can I pay for a {a} {n} in installments?", "payment methods for {p} {n}", "do you take cards for a {n} {c}",
      "paying in dollars for a {a} {n}", "invoice for {p} {n}", "deposit for a {n} {c}", "{p} payment options"]),
    (["¿Quién mantiene {n} {a} después?", "mantenimiento de {n} {p}", "soporte técnico de {n} {c}",
      "actualizaciones de {n} {a}", "quién arregla {n} {p} si se rompe", "plan de mantenimiento {n} {c}"],
     ["Who maintains the {a} {n} afterwards?", "{p} {n} maintenance", "technical support for a {n} {c}",
      "updates to a {a} {n}", "who fixes {p} {n} when it breaks", "{n} maintenance plan {c}"]),
    (["¿De quién es el código de {n} {a}?", "propiedad intelectual de {n} {p}", "derechos sobre {n} {c}",
      "me entregan el código fuente de {n} {a}", "licencia de {n} {p}"],
     ["Who owns the code of a {a} {n}?", "intellectual property of {p} {n}", "rights to the {n} {c}",
      "do I get the source code of a {a} {n}", "{p} {n} license"]),
    (["¿Hacen {n} {a} {c}?", "trabajan con {n} {p}", "ofrecen {n} {a}", "servicio de {n} {c}", "pueden hacer {n} {p} {a}"],
     ["Do you build a {a} {n} {c}?", "do you work on {p} {n}", "do you offer a {a} {n}", "{n} service {c}", "can you make a {a} {n} {p}"]),
]
SYLLABLES = "ka ri to ve lo na mi su pe da zor quin tel bra vo lux fen gar dim sol".split()


def product_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def synthetic_entries(n: int, seed: int = 7) -> list[MatchEntry]:
    """``n`` entries ``q00000``… with 3-10 texts per language; the same ``n`` and seed give the same FAQ."""
    rng = random.Random(seed)
    combos = [(i, nn, a, c) for i in range(len(INTENTS)) for nn in range(len(NOUNS)) for a in range(len(ADJECTIVES)) for c in range(len(CONTEXTS))]
    rng.shuffle(combos)
    if n > len(combos):
        raise ValueError(f"at most {len(combos)} synthetic entries")
    entries = []
    for k, (intent, noun, adj, ctx) in enumerate(combos[:n]):
        product = product_name(rng)
        texts = {}
        for lang_i, lang in enumerate(("es", "en")):
            templates = INTENTS[intent][lang_i]
            count = rng.randint(3, min(10, len(templates)))
            chosen = [templates[0]] + rng.sample(templates[1:], count - 1)
            fill = {"n": NOUNS[noun][lang_i], "a": ADJECTIVES[adj][lang_i], "c": CONTEXTS[ctx][lang_i], "p": product}
            texts[lang] = [" ".join(t.format(**fill).split()) for t in chosen]
        entries.append(MatchEntry(f"q{k:05d}", texts))
    return entries


def synthetic_answer(entry: MatchEntry, lang: str) -> str:
    """Display HTML of about the length of a real answer (the index script ships it too)."""
    question = entry.texts[lang][0]
    return (f"<p>{question} Depende del alcance: te enviamos un presupuesto detallado en 48 horas, "
            f"con plazos, entregables y condiciones. <a href=\"contact/\">Escribinos</a> y lo vemos juntos.</p>")


# By min(df, 6): (share of zero levels, share of positive ones among the others), read
# off the model trained on the sample FAQ (faq/): a feature few entries use gets a
# positive level, one many entries share is zero 45 % of the time. Magnitudes there
# fall off about geometrically (1: 63 %, 2: 26 %, 3: 7.5 %, …): 1 + Exp(1), floored.
LEVEL_SHAPE = {1: (0.0, 1.0), 2: (0.0, 1.0), 3: (0.01, 1.0), 4: (0.02, 1.0), 5: (0.02, 1.0), 6: (0.45, 0.92)}


def synthetic_model(entries: list[MatchEntry], seed: int = 11) -> dict:
    """A model dict with ``train``'s keys and shape, levels drawn at random (deterministic)."""
    rng = random.Random(seed)
    by_id = {e.id: entry_examples(e) for e in entries}
    ids = sorted(by_id)
    examples = [by_id[i] for i in ids]
    stems = stem_groups(examples, ["en", "es"])
    compiled = compile_texts(ids, examples, stems)
    levels = []
    for feats in compiled.entry_features:
        row = []
        for f in feats:
            zero, positive = LEVEL_SHAPE[min(compiled.df[f], 6)]
            r = rng.random()
            if r < zero:
                row.append(0)
            else:
                magnitude = min(15, 1 + int(rng.expovariate(1.0)))
                row.append(magnitude if r < zero + (1 - zero) * positive else -magnitude)
        levels.append(row)
    return {
        "spec": SPEC_VERSION,
        "tunables": [DEFAULT_TUNABLES[name] for name in TUNABLE_NAMES],
        "ids": ids,
        "stems": stems,
        "scale": 0.21,
        "bias": [rng.randint(-400, 100) for _ in ids],
        "weights": encode_weights(levels, compiled),
        "texts": examples,
    }
