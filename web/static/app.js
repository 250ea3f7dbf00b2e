// The chat page: sends questions to /ask and shows the answers.
// Every text that comes from the report or from the user is put in the page as text
// (DOM nodes, textContent), never as HTML.
"use strict";

(function () {
  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const sendButton = document.getElementById("send");
  const conversation = document.getElementById("conversation");
  const serviceStatus = document.getElementById("service-status");
  if (!form || !input || !sendButton || !conversation) {
    return;
  }
  const maxChars = Number(form.dataset.maxChars) || 1000;
  const topK = Number(form.dataset.topK) || 5;
  let pending = false;
  // The conversation's earlier questions, oldest first: sent with each question so that a
  // follow-up (« Et en 2022 ? ») is understood; the server keeps none.
  const MAX_HISTORY = 5;
  let earlier = [];
  const newConversation = document.getElementById("new-conversation");
  const welcome = conversation.querySelector(".welcome");

  // --- small DOM helpers -------------------------------------------------------------------

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    return add(node, ...children);
  }

  /** Append the children that are not null/undefined/false (Element.append would write
   * them out as the words "null" or "undefined"); strings become text, never HTML. */
  function add(node, ...children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child);
    }
    return node;
  }

  /** The URL when it is an http(s) link, else null. */
  function safeUrl(text) {
    try {
      const url = new URL(String(text).trim());
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  /** Link to the report page, with the text to highlight. */
  function pageHref(document_, page, highlight) {
    const params = new URLSearchParams();
    params.set("document", document_);
    if (highlight) params.set("hl", highlight);
    return "/pages/" + encodeURIComponent(String(page)) + "?" + params.toString() + "#hl";
  }

  function pageLabel(passage) {
    const pages = Array.isArray(passage.pages) ? passage.pages : [];
    if (pages.length > 1) return "Pages " + pages[0] + " à " + pages[pages.length - 1];
    return "Page " + passage.page;
  }

  // --- rendering ---------------------------------------------------------------------------

  /** The passage text, with [start, end) (code points, as Python counts) in a <mark>. */
  /** The quote inside a mark, its key phrase (highlight: offsets in the quote) emphasised. */
  function quoteMark(quoteText, highlight) {
    const mark = el("mark", { className: "quote" });
    const chars = Array.from(quoteText);
    const a = highlight ? highlight.start : -1;
    const b = highlight ? highlight.end : -1;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b <= a || b > chars.length) {
      mark.append(quoteText);
      return mark;
    }
    mark.append(chars.slice(0, a).join(""));
    mark.append(el("strong", { className: "quote__key" }, chars.slice(a, b).join("")));
    mark.append(chars.slice(b).join(""));
    return mark;
  }

  function passageText(text, start, end, quote, highlight) {
    const chars = Array.from(text);
    const para = el("p", { className: "passage__text" });
    let s = start;
    let e = end;
    if (quote && chars.slice(s, e).join("") !== quote) {
      // offsets disagree with the text: fall back to searching the quote
      const at = text.indexOf(quote);
      if (at < 0) {
        para.append(text);
        return para;
      }
      s = Array.from(text.slice(0, at)).length;
      e = s + Array.from(quote).length;
    }
    para.append(chars.slice(0, s).join(""));
    para.append(quoteMark(chars.slice(s, e).join(""), highlight));
    para.append(chars.slice(e).join(""));
    return para;
  }

  function footnoteList(notes, title) {
    if (!Array.isArray(notes) || notes.length === 0) return null;
    const list = el("ol", { className: "footnotes" });
    for (const note of notes) {
      const item = el("li", { value: note.number });
      item.append(el("span", { className: "footnotes__text" }, note.text));
      for (const url of note.urls || []) {
        const href = safeUrl(url);
        item.append(
          href
            ? el("a", { className: "footnotes__link", href: href, target: "_blank", rel: "noopener noreferrer" }, url)
            : el("span", { className: "footnotes__link" }, url)
        );
      }
      list.append(item);
    }
    return el("section", { className: "sources" }, el("h3", { className: "sources__title" }, title), list);
  }

  function metaLine(passage, section, highlight) {
    return el(
      "p",
      { className: "meta" },
      el("span", { className: "meta__page" }, pageLabel(passage)),
      section ? el("span", { className: "meta__section" }, section) : null,
      el("a", { className: "meta__link", href: pageHref(passage.document, passage.page, highlight) }, "Voir la page du rapport")
    );
  }

  function passageCard(passage) {
    return el(
      "article",
      { className: "passage" },
      metaLine(passage, passage.section, passage.text),
      el("p", { className: "passage__text" }, passage.text),
      footnoteList(passage.footnotes, "Notes du passage")
    );
  }

  function otherPassages(passages, summary, open) {
    if (passages.length === 0) return null;
    const details = el("details", { className: "others", open: open });
    details.append(el("summary", {}, summary + " (" + passages.length + ")"));
    for (const passage of passages) details.append(passageCard(passage));
    return details;
  }

  /** What was searched, when a follow-up was completed with the earlier questions. */
  function resolvedLine(data) {
    const resolved = typeof data.resolved_question === "string" ? data.resolved_question : "";
    if (!resolved || resolved === data.question) return null;
    return el("p", { className: "answer__resolved" }, "Question comprise : « " + resolved + " »");
  }

  function answerCard(data) {
    const passages = Array.isArray(data.passages) ? data.passages : [];
    const card = el("article", { className: "bubble bubble--answer" });
    if (data.abstained || !data.answer) {
      card.classList.add("bubble--abstained");
      card.append(el("h2", { className: "answer__title" }, "Pas de réponse dans le rapport"));
      add(card, resolvedLine(data));
      card.append(el("p", { className: "answer__message" }, data.message || "Le rapport ne semble pas répondre à cette question."));
      add(card, otherPassages(passages, "Passages les plus proches", true), feedbackBar(data.id));
      return card;
    }
    const answer = data.answer;
    const own = passages.find((p) => p.id === answer.passage_id);
    const others = passages.filter((p) => p.id !== answer.passage_id);
    card.append(el("h2", { className: "answer__title" }, "Extrait du rapport"));
    add(card, resolvedLine(data));
    const passage = own || { text: answer.text, page: answer.page, pages: [answer.page], document: answer.document, footnotes: [] };
    card.append(
      el(
        "div",
        { className: "passage passage--answer" },
        passageText(passage.text, answer.start, answer.end, answer.text, answer.highlight),
        metaLine({ page: answer.page, pages: [answer.page], document: answer.document || passage.document }, answer.section, answer.text)
      )
    );
    const notes = answer.footnotes && answer.footnotes.length ? answer.footnotes : own ? own.footnotes : [];
    add(card, footnoteList(notes, "Sources citées"), citationButton(answer, notes));
    add(card, otherPassages(others, "Autres passages", false), feedbackBar(data.id));
    return card;
  }

  // --- citation and feedback ---------------------------------------------------------------

  /** « quote » — title, p. N, then the sources, as the reader pastes them elsewhere. */
  function citationText(answer, notes) {
    const title = form.dataset.reportTitle || "Rapport";
    const lines = ["« " + answer.text + " » — " + title + ", p. " + answer.page];
    const sources = [];
    for (const note of Array.isArray(notes) ? notes : []) {
      const urls = (note.urls || []).map(safeUrl).filter((url) => url !== null);
      sources.push("[" + note.number + "] " + note.text + (urls.length ? " " + urls.join(" ") : ""));
    }
    if (sources.length) lines.push("Sources :", ...sources);
    return lines.join("\n");
  }

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (_) {
      // no clipboard API (plain http on another host): copy from a hidden text area
      const area = el("textarea", { className: "visually-hidden", "aria-hidden": "true", tabindex: "-1" });
      area.value = text;
      document.body.append(area);
      area.select();
      let done = false;
      try {
        done = document.execCommand("copy");
      } catch (_) {
        done = false;
      }
      area.remove();
      return done;
    }
  }

  function citationButton(answer, notes) {
    const status = el("span", { className: "cite__status", role: "status" });
    const button = el("button", { type: "button", className: "cite__button" }, "Copier la citation");
    button.addEventListener("click", async () => {
      const copied = await copyText(citationText(answer, notes));
      status.textContent = copied ? "Citation copiée." : "La copie a échoué : sélectionnez le texte à la main.";
    });
    return el("p", { className: "cite" }, button, status);
  }

  /** 👍 / 👎 and an optional comment, sent to /feedback with the answer's id. */
  function feedbackBar(answerId) {
    if (typeof answerId !== "string" || answerId === "") return null;
    let vote = null;
    const status = el("p", { className: "feedback__status", role: "status" });
    // the thumbs are drawn by the style sheet (no emoji font needed), the words are the label
    const voteButton = (value, label) =>
      el(
        "button",
        { type: "button", className: "feedback__vote", "aria-pressed": "false", "data-vote": value },
        el("span", { className: "feedback__icon feedback__icon--" + value, "aria-hidden": "true" }),
        label
      );
    const up = voteButton("up", "Utile");
    const down = voteButton("down", "À revoir");
    const commentId = "comment-" + answerId;
    const comment = el("textarea", { id: commentId, className: "feedback__comment", rows: 2, maxlength: 1000 });
    const send = el("button", { type: "button", className: "feedback__send" }, "Envoyer le commentaire");
    const more = el(
      "div",
      { className: "feedback__more", hidden: true },
      el("label", { for: commentId }, "Un commentaire ? (facultatif, 1 000 caractères au plus)"),
      comment,
      send
    );

    async function post(withComment) {
      const body = { id: answerId, vote: vote };
      const text = comment.value.trim();
      if (withComment && text) body.comment = text;
      let ok = false;
      try {
        const response = await fetch("/feedback", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(body),
        });
        ok = response.status === 201;
      } catch (_) {
        ok = false;
      }
      status.textContent = ok
        ? withComment ? "Merci pour votre commentaire." : "Merci, votre avis est enregistré."
        : "Votre avis n'a pas pu être enregistré.";
    }

    for (const button of [up, down]) {
      button.addEventListener("click", () => {
        vote = button.dataset.vote;
        up.setAttribute("aria-pressed", String(vote === "up"));
        down.setAttribute("aria-pressed", String(vote === "down"));
        more.hidden = false;
        post(false);
      });
    }
    send.addEventListener("click", () => {
      if (vote) post(true);
    });
    return el(
      "div",
      { className: "feedback", role: "group", "aria-label": "Votre avis sur cette réponse" },
      el("span", { className: "feedback__label" }, "Cette réponse vous aide-t-elle ?"),
      up,
      down,
      more,
      status
    );
  }

  function questionBubble(text) {
    return el("div", { className: "bubble bubble--question" }, el("p", {}, text));
  }

  function errorBubble(text) {
    return el("div", { className: "bubble bubble--error", role: "alert" }, el("p", {}, text));
  }

  function loadingBubble() {
    return el(
      "div",
      { className: "bubble bubble--loading", "aria-busy": "true" },
      el("span", { className: "spinner", "aria-hidden": "true" }),
      el("span", {}, "Recherche dans le rapport…")
    );
  }

  // --- errors in words ---------------------------------------------------------------------

  const VALIDATION_WORDS = {
    question_empty: "Écrivez une question avant d'envoyer.",
    question_control_character: "La question contient des caractères non autorisés.",
    question_surrogate: "La question contient des caractères non valides.",
    string_too_long: "La question est trop longue (" + maxChars + " caractères au plus).",
  };

  async function errorText(response) {
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    switch (response.status) {
      case 422: {
        const first = body && Array.isArray(body.detail) ? body.detail[0] : null;
        const words = first && VALIDATION_WORDS[first.type];
        return "Question refusée : " + (words || "elle n'est pas valide.");
      }
      case 413:
        return "La question est trop longue pour être envoyée.";
      case 429: {
        // too many questions from this address: Retry-After says when to try again
        const seconds = Number.parseInt(response.headers.get("Retry-After") || "", 10);
        return Number.isFinite(seconds) && seconds > 0 && seconds < 3600
          ? "Vous avez posé beaucoup de questions en peu de temps. Réessayez dans " + seconds + (seconds > 1 ? " secondes." : " seconde.")
          : "Vous avez posé beaucoup de questions en peu de temps. Réessayez dans un instant.";
      }
      case 503:
        if (body && body.kind === "overloaded") {
          return "Le service est très sollicité. Réessayez dans un instant.";
        }
        return "Le service n'est pas disponible pour le moment : l'index du rapport n'est pas prêt. Réessayez plus tard.";
      default:
        return "Une erreur inattendue est survenue (code " + response.status + "). Réessayez.";
    }
  }

  // --- sending -----------------------------------------------------------------------------

  function scrollIntoView(node) {
    const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    node.scrollIntoView({ behavior: reduce ? "auto" : "smooth", block: "start" });
  }

  function setPending(value) {
    pending = value;
    sendButton.disabled = value;
    form.setAttribute("aria-busy", value ? "true" : "false");
    sendButton.textContent = value ? "Envoi…" : "Envoyer";
  }

  async function ask(question) {
    if (welcome) welcome.remove();
    const exchange = el("section", { className: "exchange", "aria-label": "Question et réponse" });
    exchange.append(questionBubble(question));
    const loading = loadingBubble();
    exchange.append(loading);
    conversation.append(exchange);
    scrollIntoView(exchange);

    let reply;
    try {
      const response = await fetch("/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question: question, top_k: topK, history: earlier }),
      });
      if (response.ok) {
        reply = answerCard(await response.json());
        earlier = earlier.concat([question]).slice(-MAX_HISTORY);
        if (newConversation) newConversation.hidden = false;
      } else {
        reply = errorBubble(await errorText(response));
      }
    } catch (_) {
      reply = errorBubble("Impossible de joindre le serveur. Vérifiez la connexion puis réessayez.");
    }
    loading.replaceWith(reply);
    scrollIntoView(exchange);
  }

  async function submit() {
    if (pending) return;
    const question = input.value.trim();
    if (!question) {
      input.focus();
      return;
    }
    if (question.length > maxChars) {
      conversation.append(errorBubble("La question est trop longue (" + maxChars + " caractères au plus)."));
      input.focus();
      return;
    }
    setPending(true);
    input.value = "";
    // the address of the page now asks this question: it can be shared or bookmarked
    window.history.replaceState(null, "", "/?q=" + encodeURIComponent(question));
    try {
      await ask(question);
    } finally {
      setPending(false);
      input.focus();
    }
  }

  // « Nouvelle conversation »: the earlier questions are forgotten and the page starts over.
  if (newConversation) {
    newConversation.addEventListener("click", () => {
      if (pending) return;
      earlier = [];
      for (const exchange of conversation.querySelectorAll(".exchange, .bubble--error")) exchange.remove();
      if (welcome) conversation.append(welcome);
      newConversation.hidden = true;
      window.history.replaceState(null, "", "/");
      input.focus();
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });

  for (const button of document.querySelectorAll(".suggestion")) {
    button.addEventListener("click", () => {
      input.value = button.textContent.replace(/\u00a0/g, " ");
      submit();
    });
  }

  // Say early when the service cannot answer.
  if (serviceStatus) {
    fetch("/health", { headers: { Accept: "application/json" } })
      .then((response) => {
        if (response.status === 503) {
          serviceStatus.textContent =
            "L'index du rapport n'est pas disponible pour le moment : les questions ne peuvent pas recevoir de réponse.";
          serviceStatus.hidden = false;
        }
      })
      .catch(() => {});
  }

  // /?q=... asks on load (a shared link).
  const shared = new URLSearchParams(window.location.search).get("q");
  if (shared && shared.trim()) {
    input.value = shared.slice(0, maxChars);
    submit();
  } else {
    input.focus();
  }
})();
