import sanitizeHtml from 'sanitize-html';

/**
 * The allow-list an email's HTML is cut down to before a case worker sees it. Only structure and
 * text survive: no script, style, iframe, object, embed, form or meta (scripts and styles are
 * dropped with their content), no `on*` handler and no `style` attribute (CSS can load from the
 * network), links lose their target (no `href`: a case worker must not follow links from inbound
 * mail), and an image keeps its `src` only when it is a `data:` URL (inline images are turned into
 * data: URLs when the mail is parsed); a remote image would tell the sender that and when the mail
 * was read, so its `src` is removed.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'small', 'sub', 'sup', 'font',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'blockquote', 'pre', 'code',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
    'a', 'img',
  ],
  allowedAttributes: {
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    a: ['title'],
  },
  allowedSchemes: [],
  allowedSchemesByTag: { img: ['data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action', 'background', 'poster'],
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'xmp', 'iframe', 'object'],
  parseStyleAttributes: false,
  transformTags: {
    // An image whose only source was remote (removed) is kept as its alt text.
    img: (tagName, attribs) => {
      const src = attribs.src ?? '';
      if (/^data:image\/(png|jpe?g|gif|webp);base64,/i.test(src.trim())) return { tagName, attribs };
      return { tagName: 'span', attribs: {}, text: attribs.alt ? `[Bild: ${attribs.alt}]` : '[Bild entfernt]' };
    },
  },
};

/** The email's HTML, safe to show: see the allow-list above. */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
