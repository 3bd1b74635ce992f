"""Interface text of the FAQ sections and the assistant, per language.

Spanish in the Rioplatense voice (vos), English plain. ``{name}`` is the
assistant's name (mkdocs.yml: ``assistant.name``, else the site name).
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "es": {
        "faq_title": "Preguntas frecuentes",
        "faq_intro": "Las preguntas que más nos hacen, respondidas. ¿No encontrás la tuya?",
        "faq_contact": "Escribinos",
        "faq_description": "Respuestas a las preguntas más comunes sobre nuestros servicios, precios, proceso y forma de trabajo.",
        "faq_all": "Ver todas las preguntas frecuentes",
        "other_topic": "Otras preguntas",
        "related": "Ver también:",
        "greeting": "Hola, soy el asistente de {name}. Preguntame sobre nuestros servicios de desarrollo.",
        "greeting_anonymous": "Hola, soy el asistente de este sitio. Preguntame sobre nuestros servicios de desarrollo.",
        "title": "Asistente de {name}",
        "title_anonymous": "Asistente",
        "launcher": "Abrir el asistente",
        "launcher_text": "Preguntanos",
        "close": "Cerrar el asistente",
        "note": "Respondo con nuestras preguntas frecuentes. Para consultas detalladas,",
        "contact": "contactanos",
        "input_label": "Tu pregunta",
        "placeholder": "Escribí tu pregunta…",
        "send": "Enviar",
        "you": "Vos",
        "assistant": "Asistente",
        "loading": "Cargando las respuestas…",
        "load_error": "No pude cargar las respuestas. Probá de nuevo más tarde o",
        "unknown": "No sé la respuesta a eso.",
        "did_you_mean": "¿Quisiste preguntar alguna de estas?",
        "ask_contact": "Si no, escribinos y te respondemos:",
        "see_faq": "Ver en preguntas frecuentes",
        "empty": "Escribí una pregunta primero.",
        "feedback_question": "¿Respondió tu pregunta?",
        "feedback_yes": "Sí",
        "feedback_no": "No",
        "feedback_thanks": "¡Gracias por contarnos!",
    },
    "en": {
        "faq_title": "Frequently asked questions",
        "faq_intro": "The questions we hear most, answered. Can't find yours?",
        "faq_contact": "Write to us",
        "faq_description": "Answers to the most common questions about our services, pricing, process and way of working.",
        "faq_all": "See all frequently asked questions",
        "other_topic": "Other questions",
        "related": "See also:",
        "greeting": "Hi, I'm {name}'s assistant. Ask me about our development services.",
        "greeting_anonymous": "Hi, I'm this site's assistant. Ask me about our development services.",
        "title": "{name} assistant",
        "title_anonymous": "Assistant",
        "launcher": "Open the assistant",
        "launcher_text": "Ask us",
        "close": "Close the assistant",
        "note": "I answer from our FAQ. For detailed questions,",
        "contact": "contact us",
        "input_label": "Your question",
        "placeholder": "Type your question…",
        "send": "Send",
        "you": "You",
        "assistant": "Assistant",
        "loading": "Loading the answers…",
        "load_error": "I couldn't load the answers. Try again later or",
        "unknown": "I don't know the answer to that.",
        "did_you_mean": "Did you mean one of these?",
        "ask_contact": "If not, write to us and we'll answer:",
        "see_faq": "See it in the FAQ",
        "empty": "Type a question first.",
        "feedback_question": "Did this answer your question?",
        "feedback_yes": "Yes",
        "feedback_no": "No",
        "feedback_thanks": "Thanks for letting us know!",
    },
}


def strings_for(lang: str) -> dict[str, str]:
    """The strings of ``lang``, falling back to English for languages we lack."""
    return {**STRINGS["en"], **STRINGS.get(lang, {})}
