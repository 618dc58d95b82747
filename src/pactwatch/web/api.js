// The offline API reference: the server's own /openapi.json rendered as a list (no CDN, no Swagger UI).
"use strict";

function node(tag, text, cls) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (cls) el.className = cls;
  return el;
}

function typeOf(schema, spec) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.enum) return schema.enum.join(" | ");
  if (schema.anyOf) return schema.anyOf.map((s) => typeOf(s, spec)).filter((t) => t !== "null").join(" | ");
  if (schema.type === "array") return typeOf(schema.items, spec) + "[]";
  return schema.format ? `${schema.type} (${schema.format})` : schema.type || "";
}

async function render() {
  const box = document.getElementById("endpoints");
  const spec = await (await fetch("/openapi.json")).json();
  box.replaceChildren();
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const card = node("section", undefined, "card");
      const head = node("h2");
      head.append(node("code", `${method.toUpperCase()} ${path}`));
      card.append(head, node("p", op.summary || ""));
      const params = op.parameters || [];
      if (params.length) {
        const table = node("table");
        const caption = node("caption", "Parameters");
        const header = node("tr");
        for (const h of ["name", "in", "type", "required", "about"]) header.append(node("th", h));
        table.append(caption, header);
        for (const p of params) {
          const row = node("tr");
          for (const v of [p.name, p.in, typeOf(p.schema, spec), p.required ? "yes" : "", p.description || (p.schema && p.schema.description) || ""]) row.append(node("td", v));
          table.append(row);
        }
        const wrap = node("div", undefined, "table-wrap");
        wrap.append(table);
        card.append(wrap);
      }
      const body = op.requestBody && op.requestBody.content["application/json"];
      if (body) {
        const name = typeOf(body.schema, spec);
        const model = spec.components.schemas[name];
        const list = node("ul");
        for (const [field, schema] of Object.entries((model && model.properties) || {})) {
          const required = (model.required || []).includes(field) ? " (required)" : "";
          list.append(node("li", `${field}: ${typeOf(schema, spec)}${required}`));
        }
        card.append(node("p", `JSON body (${name}):`), list);
      }
      if (op.security) card.append(node("p", "Needs the bearer token when the server requires it.", "muted"));
      box.append(card);
    }
  }
  document.body.dataset.ready = "api";
}

render().catch((err) => {
  document.getElementById("endpoints").replaceChildren(node("p", String(err), "error"));
});
