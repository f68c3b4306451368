// "Write / Preview" tabs for the admin's Markdown body field (iomkb/editorial/editor.py).
// The preview is rendered and sanitised on the server; without this script the textarea
// works as a plain field.
"use strict";

(function () {
  function tab(label, controls) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "markdown-tab";
    button.textContent = label;
    button.setAttribute("role", "tab");
    button.setAttribute("aria-controls", controls);
    return button;
  }

  async function render(textarea, panel) {
    const form = textarea.form;
    const data = new FormData();
    data.append("body", textarea.value);
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    panel.textContent = "Rendering the preview…";
    try {
      const response = await fetch(textarea.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (response.ok) {
        // Sanitised on the server with the public pages' allow-list.
        panel.innerHTML = answer.html || "<p><em>Nothing to preview yet.</em></p>";
      } else {
        panel.textContent = answer.error || "The preview could not be rendered.";
      }
    } catch (error) {
      panel.textContent = "The preview could not be loaded. Your text is unchanged.";
    }
  }

  function setUp(textarea) {
    if (!textarea.form || !textarea.dataset.previewUrl || !textarea.id) {
      return;
    }
    const panel = document.createElement("div");
    panel.id = textarea.id + "_preview";
    panel.className = "markdown-preview prose";
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-live", "polite");
    panel.tabIndex = 0;
    panel.hidden = true;

    const write = tab("Write", textarea.id);
    const preview = tab("Preview", panel.id);
    const tabs = document.createElement("div");
    tabs.className = "markdown-tabs";
    tabs.setAttribute("role", "tablist");
    tabs.setAttribute("aria-label", "Body");
    tabs.append(write, preview);

    function show(previewing) {
      textarea.hidden = previewing;
      panel.hidden = !previewing;
      write.setAttribute("aria-selected", String(!previewing));
      preview.setAttribute("aria-selected", String(previewing));
    }

    write.addEventListener("click", function () {
      show(false);
      textarea.focus();
    });
    preview.addEventListener("click", function () {
      show(true);
      render(textarea, panel);
    });
    textarea.before(tabs);
    textarea.after(panel);
    show(false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.markdown-editor").forEach(setUp);
  });
})();
