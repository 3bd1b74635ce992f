"""Deterministic generated content for the build benchmarks (no network, seeded).

    from sitegen import write_our_project, write_material_project, write_faq

- ``articles(n, seed)``: N bilingual articles of a realistic shape: front matter
  (title, description, date, author, category, tags as in the README), 600-1500 words
  of headings, paragraphs, lists, a Markdown table, an image, links to other posts
  (some to a heading's anchor) and, in some, a comparison-table marker.
- ``faq_entries(m, n_articles, seed)``: M FAQ entries in the schema of
  ``knowledge.faq.model.FaqEntryModel``, each a (question kind, topic, product)
  triple, with 3-10 variants per language mixing phrasings, casual unaccented
  forms, keyword forms and typos. Entries share topics and products, so they are
  distinguishable but realistically confusable. Entry ``i`` does not depend on M:
  the 100-entry FAQ is the first 100 files of the 1,000-entry one.
- ``write_our_project``: the `knowledge` project (``content/<lang>/blog/*.md``,
  ``faq/*.yml``); ``write_material_project``: one plain Material for MkDocs project
  for one language with its ``blog`` plugin (``docs/blog/posts/*.md``, Material's
  front matter), from the same article bodies.

Same seed and sizes, same bytes: every random choice comes from a
``random.Random`` seeded with a string naming what it is for, and files are
written with explicit UTF-8 and ``\\n``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LANGS = ("es", "en")

# ------------------------------------------------------------------ vocabulary
# Parallel lists: index k in Spanish is index k in English, so an article and its
# translation mirror each other block by block (what the translation rules expect).

#: (Spanish forms, English forms): the first form is the usual one, others are how
#: people also say it (FAQ variants use them).
TOPICS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("búsqueda semántica", "buscador semántico"), ("semantic search", "a semantic search engine")),
    (("fine-tuning", "ajuste fino"), ("fine-tuning", "fine tuning")),
    (("RAG", "recuperación aumentada"), ("RAG", "retrieval-augmented generation")),
    (("un chatbot de soporte", "un bot de atención"), ("a support chatbot", "a customer service bot")),
    (("clasificación de tickets", "triage de tickets"), ("ticket classification", "ticket triage")),
    (("extracción de facturas", "lectura de facturas"), ("invoice extraction", "invoice parsing")),
    (("resumen de documentos", "resúmenes automáticos"), ("document summarisation", "automatic summaries")),
    (("traducción automática",), ("machine translation",)),
    (("detección de fraude", "alertas de fraude"), ("fraud detection", "fraud alerts")),
    (("recomendaciones de productos", "un recomendador"), ("product recommendations", "a recommender")),
    (("pronóstico de demanda", "forecast de ventas"), ("demand forecasting", "sales forecasting")),
    (("análisis de sentimiento",), ("sentiment analysis",)),
    (("reconocimiento de voz", "speech to text"), ("speech recognition", "speech to text")),
    (("OCR de contratos", "lectura de contratos"), ("contract OCR", "contract reading")),
    (("agentes de IA", "un agente autónomo"), ("AI agents", "an autonomous agent")),
    (("evaluación de modelos", "evals"), ("model evaluation", "evals")),
    (("moderación de contenido",), ("content moderation",)),
    (("un panel de métricas", "un dashboard"), ("a metrics dashboard", "a dashboard")),
    (("un pipeline de datos", "ETL"), ("a data pipeline", "ETL")),
    (("migración a la nube", "pasar a la nube"), ("cloud migration", "moving to the cloud")),
    (("una API interna",), ("an internal API",)),
    (("una app móvil", "una aplicación para celular"), ("a mobile app", "a phone app")),
    (("un portal de clientes",), ("a customer portal",)),
    (("automatización de reportes", "reportes automáticos"), ("report automation", "automated reports")),
    (("búsqueda en el catálogo",), ("catalogue search",)),
    (("un asistente de ventas",), ("a sales assistant",)),
    (("etiquetado de datos", "anotación de datos"), ("data labelling", "data annotation")),
    (("monitoreo de modelos",), ("model monitoring",)),
    (("generación de código", "copilotos de código"), ("code generation", "coding copilots")),
    (("una base de conocimiento", "una wiki interna"), ("a knowledge base", "an internal wiki")),
    (("control de calidad visual", "inspección con cámaras"), ("visual quality control", "camera inspection")),
    (("scoring crediticio", "scoring de riesgo"), ("credit scoring", "risk scoring")),
    (("un chatbot de WhatsApp", "un bot para WhatsApp"), ("a WhatsApp chatbot", "a WhatsApp bot")),
    (("prompt engineering", "diseño de prompts"), ("prompt engineering", "prompt design")),
    (("embeddings", "vectores"), ("embeddings", "vectors")),
    (("anonimización de datos",), ("data anonymisation",)),
    (("integración con el CRM",), ("CRM integration",)),
    (("un sistema de reservas", "turnos online"), ("a booking system", "online bookings")),
    (("un tablero de inventario", "control de stock"), ("an inventory dashboard", "stock control")),
    (("transcripción de reuniones", "actas automáticas"), ("meeting transcription", "automatic minutes")),
]
PRODUCTS = [
    "Postgres", "pgvector", "Elasticsearch", "OpenSearch", "Kubernetes", "AWS", "Azure", "Google Cloud",
    "Llama 3", "Mistral", "Qwen", "GPT-4o", "Claude", "Whisper", "Django", "FastAPI", "React", "Next.js",
    "Airflow", "dbt", "Snowflake", "BigQuery", "Salesforce", "HubSpot", "Shopify",
]
CATEGORIES = [
    ("Inteligencia Artificial", "Artificial Intelligence"),
    ("Datos", "Data"),
    ("Desarrollo", "Development"),
    ("Infraestructura", "Infrastructure"),
    ("Producto", "Product"),
    ("Procesos", "Process"),
]
GENERIC_TAGS = [
    ("IA", "AI"), ("LLM", "LLM"), ("Datos", "Data"), ("Costos", "Costs"), ("Seguridad", "Security"),
    ("Nube", "Cloud"), ("Evaluación", "Evaluation"), ("Equipo", "Team"), ("Producción", "Production"),
    ("Arquitectura", "Architecture"),
]
AUTHORS = {
    "ana-perez": ("Ana Pérez", "Ingeniera de software", "Software Engineer"),
    "bruno-diaz": ("Bruno Díaz", "Científico de datos", "Data Scientist"),
    "carla-ruiz": ("Carla Ruiz", "Líder técnica", "Tech Lead"),
}
TITLES = [
    ("{T} con {p}: lo que aprendimos en producción", "{T} with {p}: what we learned in production"),
    ("Cómo estimamos un proyecto de {t}", "How we estimate a {t} project"),
    ("{T} sin humo: costos, plazos y riesgos", "{T} without the hype: costs, timelines and risks"),
    ("Cuándo conviene {t} y cuándo no", "When {t} is worth it and when it is not"),
    ("{T} sobre {p}, paso a paso", "{T} on {p}, step by step"),
    ("Errores que cometimos con {t}", "Mistakes we made with {t}"),
    ("De la prueba de concepto a producción: {t}", "From proof of concept to production: {t}"),
    ("{p} para {t}: una comparación honesta", "{p} for {t}: an honest comparison"),
]
DESCRIPTIONS = [
    ("Qué funcionó, qué no y cuánto costó llevar {t} a producción con {p}.", "What worked, what did not and what it cost to take {t} to production with {p}."),
    ("Una guía práctica de {t} para equipos chicos, con números reales.", "A practical guide to {t} for small teams, with real numbers."),
    ("Criterios para decidir si {t} resuelve tu problema antes de gastar un peso.", "Criteria to decide whether {t} solves your problem before spending a cent."),
]
#: Section headings; an article uses distinct ones, so its anchors are unique.
HEADINGS = [
    ("Qué problema resuelve", "What problem it solves"),
    ("Costos reales", "Real costs"),
    ("Cómo lo medimos", "How we measure it"),
    ("Errores comunes con {p}", "Common mistakes with {p}"),
    ("Arquitectura", "Architecture"),
    ("Plan de trabajo", "Work plan"),
    ("Cuándo no conviene", "When it is not worth it"),
    ("Seguridad y datos", "Security and data"),
    ("Resultados", "Results"),
    ("Próximos pasos", "Next steps"),
    ("El equipo que hace falta", "The team it takes"),
    ("Qué haríamos distinto", "What we would do differently"),
]
SUBHEADINGS = [("Un ejemplo", "An example"), ("Lo que no esperábamos", "What we did not expect"), ("Números", "Numbers")]
SENTENCES = [
    ("Cuando empezamos con {t}, el cliente ya tenía {p} en producción y no quería tocarlo.", "When we started with {t}, the client already ran {p} in production and did not want to touch it."),
    ("La primera versión de {t} tardó {n} semanas y resolvió la mitad de los casos.", "The first version of {t} took {n} weeks and solved half of the cases."),
    ("Medimos cada cambio con un set de {n}0 preguntas reales antes de tocar {p}.", "We measured every change with a set of {n}0 real questions before touching {p}."),
    ("El costo mensual de {p} fue menor que una hora de reunión por semana.", "The monthly cost of {p} was lower than one hour of meetings a week."),
    ("Nadie en el equipo había usado {q} antes, así que dedicamos {n} días a probarlo.", "Nobody on the team had used {q} before, so we spent {n} days trying it."),
    ("La parte difícil de {t} no fue el modelo sino los datos que lo alimentan.", "The hard part of {t} was not the model but the data feeding it."),
    ("Con {p} y {q} juntos, el tiempo de respuesta bajó de {n} segundos a menos de uno.", "With {p} and {q} together, response time dropped from {n} seconds to under one."),
    ("Antes de escribir código, acordamos qué significa que {t} funcione bien.", "Before writing code, we agreed on what it means for {t} to work well."),
    ("Un error frecuente es elegir {p} por moda y no por lo que pide el problema.", "A frequent mistake is choosing {p} because it is fashionable, not because the problem needs it."),
    ("Dejamos todo documentado para que el equipo del cliente pueda mantener {t} sin nosotros.", "We left everything documented so the client's team can maintain {t} without us."),
    ("Cada viernes mostramos el avance de {t} con datos del cliente, no con ejemplos armados.", "Every Friday we showed the progress of {t} on the client's data, not on staged examples."),
    ("Si el volumen crece {n} veces, {p} sigue alcanzando sin cambiar la arquitectura.", "If the volume grows {n} times, {p} still copes without changing the architecture."),
    ("Probamos {q} como alternativa, pero la integración con {p} costaba más de lo que ahorraba.", "We tried {q} as an alternative, but integrating it with {p} cost more than it saved."),
    ("Los usuarios no notaron el cambio, que es justamente lo que buscábamos con {t}.", "Users did not notice the change, which is exactly what we wanted from {t}."),
    ("La seguridad de los datos se revisó con el área legal antes de conectar {p}.", "Data security was reviewed with the legal team before connecting {p}."),
    ("Con {n} personas en el equipo alcanzó para llevar {t} a producción.", "A team of {n} people was enough to take {t} to production."),
    ("Los registros de {p} mostraron que el {n}0 % de las consultas eran siempre las mismas.", "The {p} logs showed that {n}0 % of the queries were always the same."),
    ("Lo más barato fue empezar chico y agregar {q} recién cuando hizo falta.", "The cheapest path was to start small and add {q} only when it was needed."),
    ("El modelo se equivoca, así que diseñamos {t} para que un humano revise los casos dudosos.", "The model makes mistakes, so we designed {t} so a human reviews the doubtful cases."),
    ("Una prueba de concepto de {t} con {p} lleva entre {n} y {m} semanas.", "A proof of concept of {t} with {p} takes between {n} and {m} weeks."),
    ("El cliente pidió {t} para el lunes; le mostramos por qué eso no era posible sin {p}.", "The client asked for {t} by Monday; we showed why that was not possible without {p}."),
    ("Elegimos {p} porque el equipo ya lo conocía, no porque fuera el mejor en los benchmarks.", "We chose {p} because the team already knew it, not because it topped the benchmarks."),
    ("Cada consulta a {p} cuesta menos de un centavo, pero {n} millones de consultas no.", "Each query to {p} costs less than a cent, but {n} million queries do not."),
    ("Pusimos un límite de {n} segundos a cada respuesta y un mensaje claro cuando se supera.", "We set a limit of {n} seconds per answer and a clear message when it is exceeded."),
    ("Las primeras {n} semanas fueron de entender los datos, no de programar.", "The first {n} weeks were about understanding the data, not programming."),
    ("Con {q} reemplazamos un proceso manual que llevaba {n} horas por semana.", "With {q} we replaced a manual process that took {n} hours a week."),
    ("El riesgo más grande de {t} no es técnico: es que nadie lo use.", "The biggest risk of {t} is not technical: it is that nobody uses it."),
    ("Versionamos los prompts, los datos de prueba y la configuración de {p} en el mismo repositorio.", "We version the prompts, the test data and the {p} configuration in the same repository."),
    ("Un panel simple con {n} métricas alcanzó para saber si {t} mejoraba o empeoraba.", "A simple dashboard with {n} metrics was enough to know whether {t} was improving or not."),
    ("Cuando {p} tuvo una caída, {t} siguió funcionando con respuestas guardadas.", "When {p} went down, {t} kept working from cached answers."),
    ("La documentación de {q} es buena, pero los ejemplos no cubren casos como el nuestro.", "The {q} documentation is good, but its examples do not cover cases like ours."),
    ("Preferimos una solución aburrida con {p} a una brillante que nadie sepa mantener.", "We prefer a boring solution on {p} to a brilliant one nobody can maintain."),
]
LIST_ITEMS = [
    ("Definir qué cuenta como respuesta correcta", "Define what counts as a correct answer"),
    ("Juntar ejemplos reales de {t}", "Collect real examples of {t}"),
    ("Medir el costo por consulta en {p}", "Measure the cost per query on {p}"),
    ("Revisar permisos y datos personales", "Review permissions and personal data"),
    ("Escribir pruebas antes de cambiar el prompt", "Write tests before changing the prompt"),
    ("Acordar quién mantiene {t} después de la entrega", "Agree on who maintains {t} after delivery"),
    ("Monitorear errores y latencia en {p}", "Monitor errors and latency on {p}"),
    ("Documentar cada decisión con su motivo", "Document every decision with its reason"),
]
TABLE_HEAD = ("| Opción | Costo mensual | Tiempo de puesta en marcha | Mantenimiento |", "| Option | Monthly cost | Setup time | Maintenance |")
TABLE_MAINTENANCE = [("Bajo", "Low"), ("Medio", "Medium"), ("Alto", "High")]
LINK_SENTENCES = [
    ("Lo contamos con más detalle en [{title}]({href}).", "We cover it in more detail in [{title}]({href})."),
    ("Si te interesa el costo, leé [{title}]({href}).", "If cost is what matters to you, read [{title}]({href})."),
    ("Un caso parecido está en [{title}]({href}).", "A similar case is in [{title}]({href})."),
]
IMAGE_ALT = ("Diagrama de la arquitectura de {t}", "Architecture diagram of {t}")
COMPARISON_IDS = ["hosted-vs-open-models", "build-vs-buy"]

# ------------------------------------------------------------------ FAQ vocabulary

#: Question kinds: (FAQ topic, Spanish phrasings, English phrasings, keyword es, keyword en).
#: {t} is the topic, {p} the product; phrasing 0 is the entry's question.
QUESTION_KINDS = [
    ("pricing",
     ["¿Cuánto cuesta implementar {t} con {p}?", "¿Qué precio tiene {t} sobre {p}?", "¿Es caro hacer {t} con {p}?", "¿Cuánto sale {t} si ya usamos {p}?"],
     ["How much does {t} with {p} cost?", "What is the price of {t} on {p}?", "Is {t} with {p} expensive?", "What would {t} cost if we already use {p}?"],
     "precio", "price"),
    ("process",
     ["¿Cuánto tardan en tener {t} funcionando con {p}?", "¿En cuántas semanas entregan {t} sobre {p}?", "¿Qué plazo tiene un proyecto de {t} con {p}?", "¿Cuándo podríamos usar {t} con {p}?"],
     ["How long until {t} works with {p}?", "In how many weeks do you deliver {t} on {p}?", "What is the timeline of a {t} project with {p}?", "When could we use {t} with {p}?"],
     "plazo", "timeline"),
    ("legal",
     ["¿Es seguro usar {t} con {p}?", "¿Qué riesgos de seguridad tiene {t} sobre {p}?", "¿Cómo protegen {t} cuando corre en {p}?", "¿{t} con {p} pasa una auditoría de seguridad?"],
     ["Is it safe to use {t} with {p}?", "What are the security risks of {t} on {p}?", "How do you secure {t} when it runs on {p}?", "Does {t} with {p} pass a security audit?"],
     "seguridad", "security"),
    ("services",
     ["¿Pueden migrar nuestro {t} a {p}?", "¿Cómo es pasar {t} a {p}?", "¿Se puede mover {t} a {p} sin cortar el servicio?", "¿Hacen la migración de {t} hacia {p}?"],
     ["Can you migrate our {t} to {p}?", "What does moving {t} to {p} involve?", "Can {t} move to {p} without downtime?", "Do you handle the migration of {t} to {p}?"],
     "migración", "migration"),
    ("process",
     ["¿Quién mantiene {t} con {p} después de la entrega?", "¿Dan soporte de {t} sobre {p}?", "¿Qué pasa si {t} falla en {p} después del lanzamiento?", "¿Ofrecen mantenimiento de {t} en {p}?"],
     ["Who maintains {t} with {p} after delivery?", "Do you support {t} on {p}?", "What happens if {t} breaks on {p} after launch?", "Do you offer maintenance of {t} on {p}?"],
     "soporte", "support"),
    ("services",
     ["¿{t} se integra con {p}?", "¿Se puede conectar {t} a {p}?", "¿Funciona {t} junto con {p}?", "¿Cómo integran {t} con nuestro {p}?"],
     ["Does {t} integrate with {p}?", "Can {t} connect to {p}?", "Does {t} work together with {p}?", "How do you integrate {t} with our {p}?"],
     "integración", "integration"),
    ("services",
     ["¿{t} escala con {p} si crece el tráfico?", "¿Aguanta {t} sobre {p} muchos usuarios?", "¿Qué pasa con {t} en {p} si se multiplica el volumen?", "¿Hasta cuánto escala {t} con {p}?"],
     ["Does {t} scale on {p} if traffic grows?", "Can {t} on {p} handle many users?", "What happens to {t} on {p} if volume multiplies?", "How far does {t} with {p} scale?"],
     "escala", "scaling"),
    ("legal",
     ["¿Qué datos nuestros ve {p} cuando usamos {t}?", "¿{p} entrena con los datos de {t}?", "¿Los datos de {t} salen de nuestra cuenta de {p}?", "¿Cumple {t} con {p} la protección de datos personales?"],
     ["What data of ours does {p} see when we use {t}?", "Does {p} train on the data of {t}?", "Does {t} data leave our {p} account?", "Does {t} with {p} comply with personal data protection?"],
     "privacidad", "privacy"),
    ("evaluation",
     ["¿Cómo prueban la calidad de {t} con {p}?", "¿Cómo saben si {t} sobre {p} responde bien?", "¿Qué métricas usan para {t} en {p}?", "¿Miden los errores de {t} con {p}?"],
     ["How do you test the quality of {t} with {p}?", "How do you know if {t} on {p} answers well?", "Which metrics do you use for {t} on {p}?", "Do you measure the errors of {t} with {p}?"],
     "calidad", "quality"),
    ("process",
     ["¿Necesitamos un equipo propio para {t} con {p}?", "¿Cuántas personas hacen falta para {t} sobre {p}?", "¿Qué perfil técnico pide {t} con {p}?", "¿Nos capacitan en {t} con {p}?"],
     ["Do we need our own team for {t} with {p}?", "How many people does {t} on {p} take?", "What technical profile does {t} with {p} need?", "Will you train us on {t} with {p}?"],
     "equipo", "team"),
    ("legal",
     ["¿De quién es el código de {t} hecho con {p}?", "¿Nos quedamos con el código de {t} sobre {p}?", "¿Qué licencia tiene {t} con {p}?", "¿Podemos modificar {t} con {p} sin ustedes?"],
     ["Who owns the code of {t} built with {p}?", "Do we keep the code of {t} on {p}?", "What license does {t} with {p} have?", "Can we change {t} with {p} without you?"],
     "código", "code"),
    ("services",
     ["¿Dónde se aloja {t} con {p}?", "¿Puede correr {t} sobre {p} en nuestros servidores?", "¿{t} con {p} necesita la nube?", "¿Instalan {t} con {p} en nuestra infraestructura?"],
     ["Where is {t} with {p} hosted?", "Can {t} on {p} run on our servers?", "Does {t} with {p} need the cloud?", "Do you install {t} with {p} on our infrastructure?"],
     "hosting", "hosting"),
]
FAQ_TOPIC_TITLES = {
    "services": ("Servicios", "Services"),
    "process": ("Cómo trabajamos", "How we work"),
    "pricing": ("Precios y presupuestos", "Pricing and estimates"),
    "legal": ("Código, confidencialidad y datos", "Code, confidentiality and data"),
    "evaluation": ("Calidad y evaluación", "Quality and evaluation"),
}
ANSWER_SENTENCES = [
    ("Depende del volumen, pero {t} con **{p}** suele resolverse en {n} a {m} semanas.", "It depends on volume, but {t} with **{p}** usually takes {n} to {m} weeks."),
    ("Lo primero es medir con tus datos: armamos un set de prueba antes de tocar {p}.", "The first step is measuring on your data: we build a test set before touching {p}."),
    ("El código queda en tu repositorio y tu equipo puede mantener {t} sin nosotros.", "The code lives in your repository and your team can maintain {t} without us."),
    ("Con {p} los datos quedan en tu cuenta; nada sale sin tu aprobación.", "With {p} the data stays in your account; nothing leaves without your approval."),
    ("Si {p} no es la mejor opción para {t}, te lo decimos antes de empezar.", "If {p} is not the best option for {t}, we tell you before we start."),
    ("Damos un presupuesto cerrado después de una semana de análisis de {t}.", "We give a fixed quote after a week of analysing {t}."),
    ("Escala sin cambios de arquitectura hasta {n}0 veces el volumen actual.", "It scales without architecture changes up to {n}0 times today's volume."),
    ("Para el detalle, mirá la [documentación de {p}](https://docs.example.com/{slug}).", "For the details, see the [{p} documentation](https://docs.example.com/{slug})."),
]


# ------------------------------------------------------------------ helpers


def slugify(text: str) -> str:
    """File-name and id slug: lowercase ASCII words joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words)


def heading_anchor(text: str) -> str:
    """The id Python-Markdown's toc extension gives a heading (its default slugify)."""
    from markdown.extensions.toc import slugify as toc_slugify

    return toc_slugify(text, "-")


def fold(text: str) -> str:
    """How people type in a hurry: no accents, no opening marks, lowercase."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return plain.replace("?", "").replace("!", "").lower().strip()


def typo(text: str, rng: random.Random) -> str:
    """One swapped pair of letters in one longer word: the commonest typo."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    j = rng.randrange(1, len(words[i]) - 2)
    w = words[i]
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid ones): never a YAML 1.1 surprise."""
    return json.dumps(text, ensure_ascii=False)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


# ------------------------------------------------------------------ articles


@dataclass(frozen=True)
class Article:
    slug: str  # file name without .md, the same in both languages
    date: str
    author: str
    category: tuple[str, str]  # (es, en)
    tags: tuple[tuple[str, str], ...]  # (es, en) pairs
    title: tuple[str, str]
    description: tuple[str, str]
    first_heading: tuple[str, str]  # other posts link to its anchor
    body: tuple[str, str]  # Markdown after the front matter


def article_topic(i: int) -> int:
    return i % len(TOPICS)


def article_slug(i: int) -> str:
    return f"{slugify(TOPICS[article_topic(i)][1][0])}-{i:04d}"


def fill(template: str, t: str, p: str, q: str = "", n: int = 3, m: int = 8, slug: str = "") -> str:
    return template.format(t=t, T=capitalise(t), p=p, q=q, n=n, m=m, slug=slug)


@lru_cache(maxsize=None)
def article_head(i: int, seed: int) -> tuple[tuple[str, str], tuple[str, str], tuple[str, str], int, int]:
    """Title, description, first heading, product index and heading order of article i:
    what other articles need to link to it, without generating its body."""
    rng = random.Random(f"{seed}/article-head/{i}")
    topic = TOPICS[article_topic(i)]
    product = rng.randrange(len(PRODUCTS))
    title_k = rng.randrange(len(TITLES))
    desc_k = rng.randrange(len(DESCRIPTIONS))
    first_heading = rng.randrange(len(HEADINGS))
    p = PRODUCTS[product]
    title = tuple(fill(TITLES[title_k][k], topic[k][0], p) for k in (0, 1))
    description = tuple(fill(DESCRIPTIONS[desc_k][k], topic[k][0], p) for k in (0, 1))
    heading = tuple(fill(HEADINGS[first_heading][k], topic[k][0], p) for k in (0, 1))
    return title, description, heading, product, first_heading  # type: ignore[return-value]


def article(i: int, n: int, seed: int) -> Article:
    """Article i of n, both languages, block by block in parallel."""
    rng = random.Random(f"{seed}/article/{i}/{n}")
    title, description, first_heading, product, first_heading_k = article_head(i, seed)
    topic = TOPICS[article_topic(i)]
    p = PRODUCTS[product]
    q = PRODUCTS[(product + 1 + rng.randrange(len(PRODUCTS) - 1)) % len(PRODUCTS)]
    # The last section overshoots by up to a paragraph or two: 500-1300 asked gives ~600-1500.
    target_words = rng.randint(500, 1300)
    others = [j for j in range(n) if j != i]
    links = rng.sample(others, min(len(others), rng.randint(2, 4)))
    heading_ks = [first_heading_k] + rng.sample([k for k in range(len(HEADINGS)) if k != first_heading_k], rng.randint(2, 5))
    blocks: list[tuple[str, str]] = []
    words = 0

    def paragraph(sentences: int) -> tuple[str, str]:
        nonlocal words
        # Distinct sentences within a paragraph: a paragraph that says one thing twice reads as generated.
        picks = [(k, rng.randint(2, 9)) for k in rng.sample(range(len(SENTENCES)), sentences)]
        out = tuple(
            # Every random pick happens before the languages split, so both say the same.
            " ".join(fill(SENTENCES[k][lang], topic[lang][0], p, q, n_, n_ + 4) for k, n_ in picks)
            for lang in (0, 1)
        )
        words += len(out[1].split())
        return out  # type: ignore[return-value]

    def link_sentence(j: int, with_anchor: bool) -> tuple[str, str]:
        other_title, _, other_heading, _, _ = article_head(j, seed)
        k = rng.randrange(len(LINK_SENTENCES))
        out = []
        for lang in (0, 1):
            href = f"{article_slug(j)}.md" + (f"#{heading_anchor(other_heading[lang])}" if with_anchor else "")
            out.append(LINK_SENTENCES[k][lang].format(title=other_title[lang], href=href))
        return out[0], out[1]

    blocks.append(paragraph(rng.randint(3, 5)))
    list_section = rng.randrange(len(heading_ks))
    table_section = rng.randrange(len(heading_ks))
    image_section = rng.randrange(len(heading_ks)) if rng.random() < 0.5 else -1
    comparison = COMPARISON_IDS[i % len(COMPARISON_IDS)] if rng.random() < 0.125 else None
    for s, k in enumerate(heading_ks):
        blocks.append(tuple(f"## {fill(HEADINGS[k][lang], topic[lang][0], p)}" for lang in (0, 1)))  # type: ignore[arg-type]
        # At least one paragraph per section; the word target is spread evenly over sections.
        while True:
            blocks.append(paragraph(rng.randint(3, 6)))
            if words >= target_words * (s + 1) / len(heading_ks):
                break
        if s == list_section:
            items = rng.sample(range(len(LIST_ITEMS)), rng.randint(3, 5))
            marker = "1." if rng.random() < 0.5 else "-"
            blocks.append(tuple("\n".join(f"{marker} {fill(LIST_ITEMS[x][lang], topic[lang][0], p)}" for x in items) for lang in (0, 1)))  # type: ignore[arg-type]
        if s == table_section:
            rows = []
            for product_name in (p, q, PRODUCTS[(product + 7) % len(PRODUCTS)]):
                cost, weeks, maint = rng.randint(1, 40) * 50, rng.randint(1, 12), rng.randrange(3)
                rows.append((product_name, cost, weeks, maint))
            blocks.append(tuple(
                "\n".join([TABLE_HEAD[lang], "|---|---:|---:|---|"] + [
                    f"| {name} | USD {cost} | {weeks} {'semanas' if lang == 0 else 'weeks'} | {TABLE_MAINTENANCE[maint][lang]} |"
                    for name, cost, weeks, maint in rows
                ])
                for lang in (0, 1)
            ))  # type: ignore[arg-type]
        if s == image_section:
            blocks.append(tuple(f"![{fill(IMAGE_ALT[lang], topic[lang][0], p)}](../../assets/diagram.svg)" for lang in (0, 1)))  # type: ignore[arg-type]
        if s == 1 and comparison:
            blocks.append((f"<!-- comparison: {comparison} -->", f"<!-- comparison: {comparison} -->"))
        if s == 1 and rng.random() < 0.4:
            blocks.append(tuple(f"### {SUBHEADINGS[x][lang]}" for x in [rng.randrange(len(SUBHEADINGS))] for lang in (0, 1)))  # type: ignore[arg-type]
            blocks.append(paragraph(rng.randint(2, 4)))
        if s < len(links):
            blocks.append(link_sentence(links[s], with_anchor=(s % 2 == 1)))
    for j in links[len(heading_ks):]:
        blocks.append(link_sentence(j, with_anchor=False))
    body = tuple("\n\n".join(block[lang] for block in blocks) + "\n" for lang in (0, 1))

    date = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(3 * 365))
    tag_picks = rng.sample(range(len(GENERIC_TAGS)), rng.randint(1, 3))
    tags = ((p, p),) + tuple(GENERIC_TAGS[x] for x in tag_picks)
    return Article(
        slug=article_slug(i),
        date=date.isoformat(),
        author=sorted(AUTHORS)[rng.randrange(len(AUTHORS))],
        category=CATEGORIES[rng.randrange(len(CATEGORIES))],
        tags=tags,
        title=title,
        description=description,
        first_heading=first_heading,
        body=body,  # type: ignore[arg-type]
    )


def our_front_matter(a: Article, lang: int) -> str:
    """The README's front matter."""
    tags = ", ".join(quoted(t[lang]) for t in a.tags)
    return (
        f"---\ntitle: {quoted(a.title[lang])}\ndescription: {quoted(a.description[lang])}\ndate: {a.date}\n"
        f"author: {a.author}\ncategory: {quoted(a.category[lang])}\ntags: [{tags}]\n---\n\n"
    )


def material_front_matter(a: Article, lang: int) -> str:
    """Material's blog front matter: authors, categories and tags are lists."""
    tags = ", ".join(quoted(t[lang]) for t in a.tags)
    return (
        f"---\ntitle: {quoted(a.title[lang])}\ndescription: {quoted(a.description[lang])}\ndate: {a.date}\n"
        f"authors: [{a.author}]\ncategories: [{quoted(a.category[lang])}]\ntags: [{tags}]\n---\n\n"
    )


# ------------------------------------------------------------------ FAQ


def faq_triples(seed: int) -> list[tuple[int, int, int]]:
    """Every (question kind, topic, product), in one seeded order: entry i is triple i."""
    triples = [(k, t, p) for k in range(len(QUESTION_KINDS)) for t in range(len(TOPICS)) for p in range(len(PRODUCTS))]
    random.Random(f"{seed}/faq-order").shuffle(triples)
    return triples


MAX_FAQ = len(QUESTION_KINDS) * len(TOPICS) * len(PRODUCTS)


def faq_entry_id(triple: tuple[int, int, int]) -> str:
    kind, topic, product = triple
    return f"{slugify(QUESTION_KINDS[kind][4])}-{slugify(TOPICS[topic][1][0])}-{slugify(PRODUCTS[product])}"


#: How visitors open a question, for entries asked to have many variants (--variants).
OPENERS = {
    "es": ("hola, ", "una consulta: ", "buenas, ", "quería saber ", "disculpen, ", "consulta rápida: "),
    "en": ("hi, ", "quick question: ", "hello, ", "i wanted to know ", "sorry, ", "one question: "),
}


def faq_entry(i: int, triples: list[tuple[int, int, int]], n_articles: int, seed: int,
              variants: tuple[int, int] = (3, 10)) -> tuple[str, str]:
    """(id, YAML text) of entry i; independent of how many entries the FAQ has.
    ``variants``: how many per language (inclusive range); past what the phrasings
    give, more come from every form and topic wording, with openers and typos."""
    rng = random.Random(f"{seed}/faq/{i}")
    kind, topic, product = triples[i]
    faq_topic, forms_es, forms_en, keyword_es, keyword_en = QUESTION_KINDS[kind]
    p = PRODUCTS[product]
    texts = {}
    for lang, forms, keyword in (("es", forms_es, keyword_es), ("en", forms_en, keyword_en)):
        topic_forms = TOPICS[topic][0 if lang == "es" else 1]
        question = capitalise(fill(forms[0], topic_forms[0], p))
        candidates: list[str] = []
        for f in forms[1:]:
            candidates.append(capitalise(fill(f, rng.choice(topic_forms), p)))
        for f in forms:
            candidates.append(fold(fill(f, rng.choice(topic_forms), p)))
        candidates.append(f"{fold(topic_forms[-1])} {p.lower()} {keyword}")
        candidates.append(f"{keyword} {topic_forms[0]} {p}")
        for f in forms[1:3]:
            candidates.append(typo(fold(fill(f, topic_forms[0], p)), rng))
        # Not the question again, not even typed without accents and capitals.
        distinct = [c for c in dict.fromkeys(candidates) if fold(c) != fold(question)]
        wanted = rng.randint(*variants) if variants != (3, 10) else None
        if wanted is not None and wanted > len(distinct):
            # Asked for many (the check at 30+ variants): a separate generator, so the
            # default FAQ stays byte for byte what it was.
            more_rng = random.Random(f"{seed}/faq/{i}/{lang}/more")
            more = [fill(f, t, p) for f in forms for t in topic_forms]
            more += [opener + fold(m) for m in more for opener in OPENERS[lang]]
            more += [typo(fold(m), more_rng) for m in more[: len(forms) * len(topic_forms)]]
            seen = {fold(c) for c in distinct} | {fold(question)}
            for c in more:  # one wording once, however it is typed
                if fold(c) not in seen:
                    seen.add(fold(c))
                    distinct.append(c)
        chosen = rng.sample(distinct, min(len(distinct), wanted if wanted is not None else rng.randint(3, 10)))
        ans_k = rng.sample(range(len(ANSWER_SENTENCES)), rng.randint(2, 3))
        n = rng.randint(2, 6)
        answer = " ".join(
            fill(ANSWER_SENTENCES[k][0 if lang == "es" else 1], topic_forms[0], p, n=n, m=n + 4, slug=slugify(p)) for k in ans_k
        )
        texts[lang] = (question, chosen, capitalise(answer))
    same_topic = list(range(article_topic(topic), n_articles, len(TOPICS))) or list(range(n_articles))
    articles = sorted(rng.sample(same_topic, min(len(same_topic), rng.randint(1, 3))))
    related = sorted({faq_entry_id(triples[j]) for j in (rng.sample(range(i), min(i, rng.randint(0, 2))) if i else [])})
    lines = [
        "# yaml-language-server: $schema=../plugins/knowledge/schemas/faq-entry.schema.json",
        f"topic: {faq_topic}",
        f"articles: [{', '.join(f'blog/{article_slug(j)}' for j in articles)}]",
    ]
    if related:
        lines.append(f"related: [{', '.join(related)}]")
    for lang in LANGS:
        question, variants, answer = texts[lang]
        lines += [f"{lang}:", f"  question: {quoted(question)}", "  variants:"]
        lines += [f"    - {quoted(v)}" for v in variants]
        lines.append(f"  answer: {quoted(answer)}")
    return faq_entry_id(triples[i]), "\n".join(lines) + "\n"


def write_faq(faq_dir: Path, m: int, n_articles: int, seed: int, variants: tuple[int, int] = (3, 10)) -> None:
    """``faq/`` with M entries and ``_topics.yml`` (replacing whatever was there)."""
    if m > MAX_FAQ:
        raise ValueError(f"the generator makes at most {MAX_FAQ} distinct FAQ entries, asked for {m}")
    shutil.rmtree(faq_dir, ignore_errors=True)
    faq_dir.mkdir(parents=True)
    topics = "".join(f"{key}:\n  es: {quoted(es)}\n  en: {quoted(en)}\n" for key, (es, en) in FAQ_TOPIC_TITLES.items())
    write(faq_dir / "_topics.yml", "# yaml-language-server: $schema=../plugins/knowledge/schemas/faq-topics.schema.json\n" + topics)
    triples = faq_triples(seed)
    for i in range(m):
        entry_id, text = faq_entry(i, triples, n_articles, seed, variants)
        write(faq_dir / f"{entry_id}.yml", text)


# ------------------------------------------------------------------ projects

DIAGRAM_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60"><rect x="5" y="5" width="50" height="50" fill="#4051b5"/><rect x="65" y="5" width="50" height="50" fill="#f50057"/></svg>\n'
MARKDOWN_EXTENSIONS = """markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
"""
HOME = {
    "es": ("Blog de prueba", "Notas generadas para medir la construcción del sitio.", "Artículos sobre IA y desarrollo de software."),
    "en": ("Test blog", "Generated notes to measure the site build.", "Articles about AI and software development."),
}
CONTACT = {
    "es": ("Contacto", "Escribinos y te respondemos en un día hábil.", "Escribinos a [hola@bench.example](mailto:hola@bench.example)."),
    "en": ("Contact", "Write to us and we reply within one business day.", "Write to [hola@bench.example](mailto:hola@bench.example)."),
}
COMPARISONS = """comparisons:
  - id: hosted-vs-open-models
    options:
      - id: hosted
        label: {es: "Modelo por API", en: "Hosted model"}
      - id: open
        label: {es: "Modelo abierto", en: "Open model"}
    criteria:
      - id: setup-time
        label: {es: "Puesta en marcha", en: "Setup time"}
        better: low
        cells:
          hosted: {es: "Días", en: "Days", rating: low}
          open: {es: "Semanas", en: "Weeks", rating: high}
      - id: data-control
        label: {es: "Control de los datos", en: "Data control"}
        better: high
        cells:
          hosted: {es: "Parcial", en: "Partial", rating: medium}
          open: {es: "Total", en: "Full", rating: high}
  - id: build-vs-buy
    options:
      - id: build
        label: {es: "Desarrollo propio", en: "Build"}
      - id: buy
        label: {es: "Producto comprado", en: "Buy"}
    criteria:
      - id: cost
        label: {es: "Costo inicial", en: "Upfront cost"}
        better: low
        cells:
          build: {es: "Alto", en: "High", rating: high}
          buy: {es: "Bajo", en: "Low", rating: low}
"""


def page(title: str, description: str, body: str) -> str:
    return f"---\ntitle: {quoted(title)}\ndescription: {quoted(description)}\n---\n\n{body}\n"


def write_our_project(project: Path, n_articles: int, seed: int) -> list[Article]:
    """A `knowledge` project with N bilingual articles and no FAQ yet (see write_faq)."""
    content = project / "content"
    write(project / "mkdocs.yml", f"""site_name: Bench
site_url: https://bench.example/
docs_dir: content
theme:
  name: material
  language: es
  font: false
plugins:
  - search:
      lang: [es, en]
  - knowledge:
      brand: Bench
      posts_per_page: 10
      contact_page: contact
{MARKDOWN_EXTENSIONS}""")
    write(content / "authors.yml", "".join(
        f"{key}:\n  name: {quoted(name)}\n  role:\n    es: {quoted(es)}\n    en: {quoted(en)}\n" for key, (name, es, en) in AUTHORS.items()
    ))
    write(content / "comparisons.yml", COMPARISONS)
    write(content / "assets" / "diagram.svg", DIAGRAM_SVG)
    for lang in LANGS:
        write(content / lang / "index.md", page(*HOME[lang]))
        write(content / lang / "contact.md", page(*CONTACT[lang]))
    made = [article(i, n_articles, seed) for i in range(n_articles)]
    for a in made:
        for k, lang in enumerate(LANGS):
            write(content / lang / "blog" / f"{a.slug}.md", our_front_matter(a, k) + a.body[k])
    return made


def write_material_project(project: Path, lang: str, articles_made: list[Article]) -> None:
    """Plain Material for MkDocs with its blog plugin, one language, the same article bodies."""
    k = LANGS.index(lang)
    docs = project / "docs"
    write(project / "mkdocs.yml", f"""site_name: Bench
site_url: https://bench.example/{lang}/
theme:
  name: material
  language: {lang}
  font: false
plugins:
  - search:
      lang: {lang}
  - blog:
      blog_dir: blog
      post_url_format: "{{file}}"
      pagination_per_page: 10
  - tags
{MARKDOWN_EXTENSIONS}""")
    write(docs / "index.md", page(*HOME[lang]))
    write(docs / "contact.md", page(*CONTACT[lang]))
    write(docs / "blog" / "index.md", "# Blog\n")
    write(docs / "assets" / "diagram.svg", DIAGRAM_SVG)
    write(docs / "blog" / ".authors.yml", "authors:\n" + "".join(
        f"  {key}:\n    name: {quoted(name)}\n    description: {quoted(es if lang == 'es' else en)}\n    avatar: ../assets/diagram.svg\n"
        for key, (name, es, en) in AUTHORS.items()
    ))
    for a in articles_made:
        # posts/ sits one level below blog/ as ours' blog/ sits below content/<lang>/:
        # "../../assets/diagram.svg" and "other.md#anchor" resolve the same in both.
        write(docs / "blog" / "posts" / f"{a.slug}.md", material_front_matter(a, k) + a.body[k])
