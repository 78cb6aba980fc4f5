/**
 * A line that is only a closing formula ("Mit freundlichen Grüßen", "MfG", "Hochachtungsvoll",
 * "Vielen Dank und viele Grüße"). OCR specks may stand around it: anything but letters, or one
 * stray letter before and up to two after. The typed name and the handwritten signature follow it.
 */
export const CLOSING_FORMULA =
  /^[^\p{L}\n]*(?:\p{L}[ \t]+)?(?:(?:mit[ \t]+)?(?:(?:den[ \t]+)?(?:besten|freundlichen|herzlichen|lieben|vielen|viele|beste|liebe|herzliche|freundliche|sch(?:ö|oe)ne|sonnige|kollegiale)[ \t]+)+gr(?:ü|ue)(?:ß|ss)(?:en|e)|(?:mit[ \t]+)?freundliche[mn]?[ \t]+gru(?:ß|ss)|gr(?:ü|ue)(?:ß|ss)e|gru(?:ß|ss)|mfg|lg|vg|hochachtungsvoll|(?:vielen[ \t]+)?dank(?:e)?(?:[ \t]+(?:und|&)[ \t]+(?:viele|beste|freundliche)[ \t]+gr(?:ü|ue)(?:ß|ss)e)?|danke[ \t]+im[ \t]+voraus|in[ \t]+erwartung[ \t]+ihrer[ \t]+antwort)(?:[^\p{L}\n]+\p{L}{1,2})?[^\p{L}\n]*$/iu;
