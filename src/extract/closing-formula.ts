// Greetings in the plural or singular form ("… Grüße", "… Gruß"), with the adjectives people use.
const GREETINGS =
  '(?:(?:mit[ \\t]+)?(?:(?:den[ \\t]+)?(?:besten|freundlichen|herzlichen|lieben|vielen|viele|beste|liebe|herzliche|freundliche|sch(?:ö|oe)ne|sonnige|kollegiale)[ \\t]+)+gr(?:ü|ue)(?:ß|ss)(?:en|e)|(?:mit[ \\t]+)?freundliche[mn]?[ \\t]+gru(?:ß|ss)|gr(?:ü|ue)(?:ß|ss)e|gru(?:ß|ss))';
// "… aus Köln", "… aus dem Sauerland", "… aus Bad Honnef": where the greetings come from.
const FROM_PLACE = '(?:[ \\t]+aus[ \\t]+(?:dem[ \\t]+|der[ \\t]+|den[ \\t]+)?\\p{Lu}[\\p{L}\\-]*(?:[ \\t]+\\p{Lu}[\\p{L}\\-]*){0,2})?';
// "… und bleiben Sie gesund", "… und vielen Dank", "Gruß und Dank".
const AND_WISH = '(?:[ \\t]*,?[ \\t]+(?:und|&)[ \\t]+(?:bleiben[ \\t]+Sie[ \\t]+gesund|alles[ \\t]+Gute|(?:vielen|herzlichen|besten)[ \\t]+Dank|Dank|danke))?';
const THANKS =
  '(?:vielen[ \\t]+)?dank(?:e)?(?:[ \\t]+(?:und|&)[ \\t]+(?:viele|beste|freundliche)[ \\t]+gr(?:ü|ue)(?:ß|ss)e)?|(?:vielen[ \\t]+)?dank(?:e)?[ \\t]+im[ \\t]+voraus|mit[ \\t]+(?:herzlichem|bestem|freundlichem|vielem)?[ \\t]*dank|dank[ \\t]+und[ \\t]+gru(?:ß|ss)';
const OTHER = 'mfg|lg|vg|hochachtungsvoll|alles[ \\t]+gute|mit[ \\t]+(?:den[ \\t]+)?besten[ \\t]+w(?:ü|ue)nschen|in[ \\t]+erwartung[ \\t]+ihrer[ \\t]+antwort';
// Letters in English (a member from abroad): "Kind regards", "Yours faithfully".
const ENGLISH = '(?:with[ \\t]+)?(?:kind|best|warm|kindest)[ \\t]+(?:regards|wishes)|regards|yours[ \\t]+(?:faithfully|sincerely|truly)|sincerely(?:[ \\t]+yours)?';

/**
 * A line that is only a closing formula ("Mit freundlichen Grüßen", "MfG", "Hochachtungsvoll",
 * "Vielen Dank und viele Grüße", "Freundliche Grüße aus Köln", "Mit freundlichen Grüßen und
 * bleiben Sie gesund", "Kind regards"). OCR specks may stand around it: anything but letters, or
 * one stray letter before and up to two after. The typed name and the handwritten signature follow it.
 */
export const CLOSING_FORMULA = new RegExp(
  `^[^\\p{L}\\n]*(?:\\p{L}[ \\t]+)?(?:${GREETINGS}${FROM_PLACE}${AND_WISH}|${THANKS}|${OTHER}|${ENGLISH})(?:[^\\p{L}\\n]+\\p{L}{1,2})?[^\\p{L}\\n]*$`,
  'iu',
);
