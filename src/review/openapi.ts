import { CHANNELS, FLAGS } from '../contract/triage-result.js';
import { ROLES } from './roles.js';

// The review API as OpenAPI 3.1, written by hand. A test checks that every route of the app is in
// here. Roles: caseworker < supervisor < admin (`x-required-role`); every state-changing request
// needs the session cookie and the X-CSRF-Token header.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });

const errorCodes: Record<number, string> = {
  400: 'The request is malformed (`review.invalid_request`, `review.invalid_json`, `review.reply_channel`, `users.invalid_*`, `users.weak_password`).',
  401: 'No live session (`auth.required`).',
  403: 'Missing or wrong CSRF token, or a request from another site (`auth.csrf`); or the role is too low (`auth.forbidden`).',
  404: 'No such item, page or user (`review.not_found`, `review.page_not_found`, `review.original_withheld`, `users.not_found`).',
  409: 'The item is claimed by someone else (`review.claimed`), not claimed (`review.not_claimed`), closed (`review.closed`), changed meanwhile (`review.stale`), still being triaged (`review.undecided`), failed before reading (`review.not_correctable`), decided against a registry that is no longer stored (`review.no_registry`), or the reply route cannot reach the sender (`review.reply_route_unavailable`), the item is not closed yet (`review.not_closed`); for users `users.exists`, `users.last_admin`.',
  415: 'The body is not JSON (`review.unsupported_type`).',
  422: 'The stored scan cannot be made into a page image (`review.page_unavailable`, `scan.*`).',
};

function errors(...statuses: number[]): Record<string, object> {
  return Object.fromEntries(statuses.map((s) => [String(s), { description: errorCodes[s], content: json(ref('Error')) }]));
}

const idParam = { name: 'id', in: 'path', required: true, description: 'The intake id of the item.', schema: { type: 'string', format: 'uuid' } };
const nameParam = { name: 'name', in: 'path', required: true, description: 'The user name.', schema: { type: 'string' } };

function op(summary: string, role: string | null, responses: Record<string, object>, extra: object = {}): object {
  return {
    summary,
    ...(role ? { 'x-required-role': role, security: [{ session: [] }] } : { security: [] }),
    ...extra,
    responses,
  };
}

/** A state-changing operation: the session and the CSRF header. */
function change(summary: string, role: string, responses: Record<string, object>, extra: object = {}): object {
  return { ...op(summary, role, responses, extra), security: [{ session: [], csrf: [] }] };
}

const itemChange = (summary: string, body: object | null, role = 'caseworker') =>
  change(summary, role, { '200': { description: 'The item as it is now.', content: json(ref('ItemView')) }, ...errors(400, 401, 403, 404, 409, 415) }, {
    parameters: [idParam],
    ...(body ? { requestBody: { required: true, content: json(body) } } : {}),
  });

const address = {
  type: 'object',
  required: ['street', 'postalCode', 'city'],
  properties: { street: { type: ['string', 'null'] }, postalCode: { type: ['string', 'null'] }, city: { type: ['string', 'null'] } },
};
const box = { type: 'object', required: ['x', 'y', 'width', 'height'], properties: { x: { type: 'number' }, y: { type: 'number' }, width: { type: 'number' }, height: { type: 'number' } } };

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'triage review API',
    version: '1.0.0',
    description:
      'Case-worker review of triaged mail. Sign in with POST /api/session (session cookie `triage_session`, httpOnly, SameSite=Strict); send the returned csrfToken as `X-CSRF-Token` with every POST, PUT, PATCH and DELETE. Roles: caseworker < supervisor < admin; each operation names the least role it needs (`x-required-role`). Every view and action on an item is written to the audit log. Authentication codes never appear: texts and snippets are redacted, and an item that disclosed one has no original (`original.kind = "withheld"`).',
  },
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'triage_session' },
      csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
      },
      Role: { type: 'string', enum: [...ROLES] },
      Flag: { type: 'string', enum: [...FLAGS] },
      Channel: { type: 'string', enum: [...CHANNELS] },
      Session: {
        type: 'object',
        required: ['user', 'csrfToken'],
        properties: { user: { type: 'object', required: ['name', 'role'], properties: { name: { type: 'string' }, role: ref('Role') } }, csrfToken: { type: 'string' } },
      },
      BasketItem: {
        type: 'object',
        required: ['intakeId', 'channel', 'receivedAt', 'flags', 'status', 'needsReview', 'assignee', 'closed'],
        properties: {
          intakeId: { type: 'string', format: 'uuid' },
          channel: { oneOf: [ref('Channel'), { type: 'null' }] },
          receivedAt: { type: 'string', format: 'date-time' },
          flags: { type: 'array', items: ref('Flag') },
          status: { type: 'string', enum: ['processed', 'failed'] },
          needsReview: { type: 'boolean' },
          assignee: { type: ['string', 'null'] },
          closed: { const: false },
        },
      },
      Basket: {
        type: 'object',
        required: ['items', 'total', 'countsByFlag'],
        properties: {
          items: { type: 'array', items: ref('BasketItem') },
          total: { type: 'integer', description: 'Items matching the filter, all pages.' },
          countsByFlag: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Open items per flag in the whole basket (filters aside).' },
        },
      },
      Evidence: {
        type: 'object',
        required: ['source', 'rule'],
        properties: {
          source: { type: 'string', description: 'Which text, or `case-worker` for a value set in the review.' },
          rule: { type: 'string' },
          attachment: { type: 'string', description: 'For an `attachment:` source: the attachment\'s place in the message (`2`; `1.3` inside a message forwarded as the first attachment), as in AttachmentPages.part. Absent on results stored before it was recorded.' },
          start: { type: 'integer' },
          end: { type: 'integer' },
          page: { type: 'integer' },
          box: { ...box, description: 'In the pixel space of the page (see PageView width/height).' },
          snippet: { type: 'string' },
        },
      },
      Extracted: {
        type: ['object', 'null'],
        required: ['value', 'confidence', 'evidence'],
        properties: { value: {}, confidence: { type: 'number', minimum: 0, maximum: 1 }, evidence: { type: 'array', items: ref('Evidence') } },
      },
      PageView: {
        type: 'object',
        required: ['page', 'width', 'height', 'url', 'boxes'],
        properties: {
          page: { type: 'integer' },
          width: { type: 'integer', description: 'Width of the box space in pixels; the image may be smaller (scale the boxes).' },
          height: { type: 'integer' },
          url: { type: 'string' },
          boxes: {
            type: 'array',
            items: { type: 'object', required: ['field', 'rule', 'box'], properties: { field: { type: 'string', enum: ['name', 'address', 'insuranceNumber', 'signature'] }, rule: { type: 'string' }, box } },
          },
        },
      },
      AttachmentPages: {
        type: 'object',
        required: ['part', 'filename', 'contentType', 'pages'],
        description: 'A scanned document (PDF or image) attached to an email or form, as page images with the boxes of the fields read from it.',
        properties: {
          part: { type: 'string', description: 'Its place in the message: `2`, or `1.3` inside a forwarded message.' },
          filename: { type: 'string' },
          contentType: { type: 'string' },
          pages: { type: 'array', items: ref('PageView') },
          unavailable: { type: 'string', description: 'The error code when the stored file cannot be opened (no pages then).' },
        },
      },
      Original: {
        oneOf: [
          { type: 'object', required: ['kind', 'pages'], properties: { kind: { const: 'letter' }, pages: { type: 'array', items: ref('PageView') } } },
          {
            type: 'object',
            required: ['kind', 'headers', 'text', 'html', 'attachments'],
            properties: {
              kind: { const: 'email' },
              headers: {
                type: 'object',
                properties: { from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] }, date: { type: ['string', 'null'] }, subject: { type: ['string', 'null'] } },
              },
              text: { type: 'string' },
              html: { type: ['string', 'null'], description: 'Sanitised: no script, style, iframe, object, event handler, link target or remote image.' },
              attachments: { type: 'array', items: { type: 'object', properties: { filename: { type: 'string' }, contentType: { type: 'string' }, size: { type: 'integer' } } } },
              attachmentPages: { type: 'array', items: ref('AttachmentPages') },
            },
          },
          {
            type: 'object',
            required: ['kind', 'fields', 'attachments', 'attachmentPages'],
            properties: {
              kind: { const: 'contact-form' },
              fields: { type: 'object', additionalProperties: { type: 'string' } },
              attachments: { type: 'array', items: { type: 'object' } },
              attachmentPages: { type: 'array', items: ref('AttachmentPages') },
            },
          },
          {
            type: 'object',
            required: ['kind', 'texts'],
            description: 'The original disclosed an authentication code and was not kept: only the redacted texts that were read.',
            properties: { kind: { const: 'withheld' }, channel: { type: ['string', 'null'] }, texts: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, role: { type: 'string' }, text: { type: 'string' } } } } },
          },
          { type: 'object', required: ['kind', 'reason'], properties: { kind: { const: 'unavailable' }, reason: { type: 'string' } } },
        ],
      },
      ItemView: {
        type: 'object',
        required: ['intakeId', 'channel', 'source', 'receivedAt', 'assignee', 'closed', 'result', 'fields', 'flags', 'member', 'reply', 'outgoingReply', 'review', 'original'],
        properties: {
          intakeId: { type: 'string', format: 'uuid' },
          channel: { oneOf: [ref('Channel'), { type: 'null' }] },
          source: { type: 'string' },
          receivedAt: { type: 'string', format: 'date-time' },
          assignee: { type: ['string', 'null'] },
          closed: { type: 'boolean' },
          closedAt: { type: ['string', 'null'], format: 'date-time' },
          closedBy: { type: ['string', 'null'] },
          resultId: { type: 'string', format: 'uuid' },
          decidedAt: { type: 'string', format: 'date-time' },
          result: { type: 'object', description: 'The contract\'s TriageResult (shared/contract/triage-result.schema.json) of the newest result.' },
          fields: {
            type: ['object', 'null'],
            description: 'Extracted fields with confidence and evidence; null for an item that failed before reading.',
            properties: { name: ref('Extracted'), address: ref('Extracted'), insuranceNumber: ref('Extracted'), insuranceNumberValid: { type: ['boolean', 'null'] }, signature: ref('Extracted') },
          },
          facts: { type: ['object', 'null'] },
          reasons: { type: 'array', items: { type: 'string' } },
          texts: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, role: { type: 'string' }, text: { type: 'string' } } } },
          flags: { type: 'array', items: { type: 'object', required: ['flag', 'text'], properties: { flag: ref('Flag'), text: { type: 'string', description: 'Plain German.' } } } },
          member: {
            type: 'object',
            required: ['status', 'insuranceNumber', 'registered'],
            properties: {
              status: { type: 'string', enum: ['matched', 'mismatch', 'not-found', 'no-registry'] },
              insuranceNumber: { type: ['string', 'null'] },
              registered: {
                type: ['object', 'null'],
                properties: { name: { type: 'string' }, street: { type: 'string' }, postalCode: { type: 'string' }, city: { type: 'string' }, portalAccount: { type: 'boolean' } },
              },
            },
          },
          reply: {
            type: 'object',
            required: ['channel', 'address', 'chosenBy'],
            properties: { channel: { type: 'string', enum: ['post', 'portal', 'none'] }, address: { type: ['object', 'null'] }, chosenBy: { type: 'string', enum: ['rules', 'case-worker'] } },
          },
          outgoingReply: {
            description:
              'The reply itself. Made: by which channel, its delivery state (`pending` also while it waits in outbox_replies for a channel that is not configured; `errorCode` of the last failed attempt) and the result it was made for. None: `awaiting-close` (open; one is made when the item is closed, if it then has a secure route), `no-secure-route` (closed without one; `problem` says why), `not-made` (closed with a route but no reply stored: POST /api/items/{id}/reply makes it).',
            oneOf: [
              {
                type: 'object',
                required: ['made', 'replyId', 'channel', 'status', 'attempts', 'errorCode', 'resultId', 'madeAt', 'deliveredAt'],
                properties: {
                  made: { const: true },
                  replyId: { type: 'string', format: 'uuid' },
                  channel: { type: 'string', enum: ['post', 'portal'] },
                  status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
                  attempts: { type: 'integer' },
                  errorCode: { type: ['string', 'null'] },
                  resultId: { type: 'string', format: 'uuid' },
                  madeAt: { type: 'string', format: 'date-time' },
                  deliveredAt: { type: ['string', 'null'], format: 'date-time' },
                },
              },
              {
                type: 'object',
                required: ['made', 'reason', 'problem'],
                properties: { made: { const: false }, reason: { type: 'string', enum: ['awaiting-close', 'no-secure-route', 'not-made'] }, problem: { type: ['string', 'null'] } },
              },
            ],
          },
          review: {
            type: 'object',
            required: ['memberMatch', 'signature', 'powerOfAttorneyChecked', 'replyChannel'],
            properties: {
              memberMatch: { type: ['string', 'null'], enum: ['confirmed', 'rejected', null] },
              signature: { type: ['string', 'null'], enum: ['present', 'absent', null] },
              powerOfAttorneyChecked: { type: 'boolean' },
              replyChannel: { type: ['string', 'null'], enum: ['post', 'portal', null] },
            },
          },
          original: ref('Original'),
        },
      },
      Correction: {
        oneOf: [
          { type: 'object', required: ['field', 'value'], properties: { field: { const: 'name' }, value: { type: 'string' } } },
          { type: 'object', required: ['field', 'value'], properties: { field: { const: 'insuranceNumber' }, value: { type: 'string', pattern: '^[A-Za-z][0-9 ]{9,}$' } } },
          { type: 'object', required: ['field', 'value'], properties: { field: { const: 'address' }, value: address } },
        ],
      },
      Decisions: {
        type: 'object',
        minProperties: 1,
        additionalProperties: false,
        properties: {
          memberMatch: { type: 'string', enum: ['confirmed', 'rejected'], description: 'Recorded and shown; never changes `authenticated` by itself.' },
          signature: { type: 'string', enum: ['present', 'absent'], description: 'Feeds the rules like a correction.' },
          powerOfAttorneyChecked: { const: true },
        },
      },
      AuditEvent: {
        type: 'object',
        required: ['id', 'at', 'actor', 'action', 'intakeId', 'details'],
        properties: { id: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, actor: { type: 'string' }, action: { type: 'string' }, intakeId: { type: ['string', 'null'] }, details: { type: 'object' } },
      },
      UserSummary: {
        type: 'object',
        properties: { name: { type: 'string' }, role: ref('Role'), locked: { type: 'boolean' }, lockedAt: { type: ['string', 'null'] }, failedSignIns: { type: 'integer' }, createdAt: { type: 'string' } },
      },
    },
  },
  paths: {
    '/api/session': {
      post: op(
        'Sign in. Same answer for an unknown user and a wrong password; failed sign-ins are rate-limited per user name and client address, and lock the account after TRIAGE_SIGNIN_LOCK_AFTER in a row. Refused from another site (Origin, Sec-Fetch-Site).',
        null,
        {
          '200': { description: 'Signed in; sets the session cookie.', content: json(ref('Session')) },
          '401': { description: 'Wrong user name or password (`auth.invalid`).', content: json(ref('Error')) },
          '403': { description: 'From another site (`auth.csrf`).', content: json(ref('Error')) },
          '423': { description: 'The account is locked (`auth.locked`); an admin unlocks it.', content: json(ref('Error')) },
          '429': { description: 'Too many failed sign-ins (`auth.rate_limited`); see Retry-After.', headers: { 'Retry-After': { schema: { type: 'integer' } } }, content: json(ref('Error')) },
          ...errors(400, 415),
        },
        { requestBody: { required: true, content: json({ type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } }) } },
      ),
      get: op('The signed-in user and the CSRF token.', 'caseworker', { '200': { description: 'Signed in.', content: json(ref('Session')) }, ...errors(401) }),
      delete: change('Sign out.', 'caseworker', { '204': { description: 'Signed out; the cookie is deleted.' }, ...errors(401, 403) }),
    },
    '/api/basket': {
      get: op(
        'The work basket: open items that need review (or are held by someone), oldest first, with counts per flag.',
        'caseworker',
        { '200': { description: 'A page of the basket.', content: json(ref('Basket')) }, ...errors(400, 401) },
        {
          parameters: [
            { name: 'flag', in: 'query', schema: ref('Flag') },
            { name: 'channel', in: 'query', schema: ref('Channel') },
            { name: 'minAgeHours', in: 'query', schema: { type: 'number', minimum: 0 } },
            { name: 'assignee', in: 'query', schema: { type: 'string' }, description: '`me`, `none` or a user name.' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          ],
        },
      ),
    },
    '/api/items/{id}': {
      get: op('The item for review: original, fields with evidence, member match, flags explained, reply route. Audited as `review.viewed`.', 'caseworker', {
        '200': { description: 'The item.', content: json(ref('ItemView')) },
        ...errors(401, 404, 409),
      }, { parameters: [idParam] }),
    },
    '/api/items/{id}/pages/{n}': {
      get: op(
        'Page n of a scanned letter as PNG, at most 1654 px wide; X-Box-Width and X-Box-Height give the size of the evidence boxes\' pixel space. Not cached. Audited as `review.viewed_page`.',
        'caseworker',
        {
          '200': { description: 'The page.', headers: { 'X-Box-Width': { schema: { type: 'integer' } }, 'X-Box-Height': { schema: { type: 'integer' } } }, content: { 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } } },
          ...errors(401, 404, 409, 422),
        },
        { parameters: [idParam, { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }] },
      ),
    },
    '/api/items/{id}/attachments/{part}/pages/{n}': {
      get: op(
        'Page n of a scanned document attached to an email or contact form as PNG (the attachment by its place, `part`, as in the item view\'s `original.attachmentPages`), like a letter\'s page: at most 1654 px wide, X-Box-Width and X-Box-Height give the evidence boxes\' pixel space. Only attachments the readers scan (PDF or image, within TRIAGE_MAX_SCAN_MB) and their first TRIAGE_MAX_PDF_PAGES pages. Not cached. Audited as `review.viewed_page` with `attachment` and `page`.',
        'caseworker',
        {
          '200': { description: 'The page.', headers: { 'X-Box-Width': { schema: { type: 'integer' } }, 'X-Box-Height': { schema: { type: 'integer' } } }, content: { 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } } },
          ...errors(401, 404, 409, 422),
        },
        { parameters: [idParam, { name: 'part', in: 'path', required: true, schema: { type: 'string', pattern: '^[1-9][0-9]*(\\.[1-9][0-9]*)*$' } }, { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }] },
      ),
    },
    '/api/items/{id}/claim': {
      post: change('Claim the item before working on it. Atomic: a second claim is refused with 409 `review.claimed`.', 'caseworker', {
        '200': { description: 'Claimed (also when it was already yours).', content: json({ type: 'object', properties: { assignee: { type: 'string' } } }) },
        ...errors(401, 403, 404, 409),
      }, { parameters: [idParam] }),
    },
    '/api/items/{id}/release': {
      post: change('Let go of the claim (a supervisor may release anyone\'s).', 'caseworker', {
        '200': { description: 'Released.', content: json({ type: 'object', properties: { assignee: { type: 'null' } } }) },
        ...errors(401, 403, 404, 409),
      }, { parameters: [idParam] }),
    },
    '/api/items/{id}/assign': {
      post: change('Give the item to a user, whoever holds it.', 'supervisor', {
        '200': { description: 'Assigned.', content: json({ type: 'object', properties: { assignee: { type: 'string' } } }) },
        ...errors(400, 401, 403, 404, 409, 415),
      }, { parameters: [idParam], requestBody: { required: true, content: json({ type: 'object', required: ['username'], properties: { username: { type: 'string' } } }) } }),
    },
    '/api/items/{id}/corrections': {
      post: itemChange('Correct a field (the claimant only): set with confidence 1 and evidence `case-worker`; the rules run again and a new result is stored. Audited as `review.corrected` (field and what changed in the decision, no values).', ref('Correction')),
    },
    '/api/items/{id}/decisions': {
      post: itemChange('Record decisions (the claimant only): member match confirmed or rejected, signature present or absent (runs the rules again), power of attorney checked. Audited as `review.decided`.', ref('Decisions')),
    },
    '/api/items/{id}/reply-route': {
      post: itemChange('Choose the reply route (the claimant only): post or portal, never email (400 `review.reply_channel`).', {
        type: 'object',
        required: ['channel'],
        properties: { channel: { type: 'string', enum: ['post', 'portal'] } },
      }),
    },
    '/api/items/{id}/close': {
      post: itemChange(
        'Close the item (the claimant only): it leaves the basket and gets its one reply, by the case worker\'s route or else the rules\' (post as PDF for the print service, or portal; never email), through the route stage\'s adapters. No reply when the item already has one (made at first decision) or has no secure route; `outgoingReply` says which. Closing again is refused (409 `review.closed`).',
        null,
      ),
    },
    '/api/items/{id}/reply': {
      post: itemChange(
        'Make or deliver a closed item\'s reply again (any case worker), e.g. after the portal was down: never a second reply, a delivered one is not sent again. 409 `review.not_closed` for an open item.',
        null,
      ),
    },
    '/api/audit': {
      get: op('Search the audit log, newest first.', 'supervisor', { '200': { description: 'Events.', content: json({ type: 'object', properties: { events: { type: 'array', items: ref('AuditEvent') } } }) }, ...errors(400, 401, 403) }, {
        parameters: [
          { name: 'user', in: 'query', schema: { type: 'string' }, description: 'The actor (user name, `cli`, `worker`).' },
          { name: 'intakeId', in: 'query', schema: { type: 'string', format: 'uuid' } },
          { name: 'action', in: 'query', schema: { type: 'string' }, description: 'An action (`review.corrected`) or a prefix (`review.*`).' },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'before', in: 'query', schema: { type: 'integer' }, description: 'Only events with a smaller id (next page).' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        ],
      }),
    },
    '/api/users': {
      get: op('The review users.', 'admin', { '200': { description: 'Users.', content: json({ type: 'object', properties: { users: { type: 'array', items: ref('UserSummary') } } }) }, ...errors(401, 403) }),
      post: change('Add a user (password at least 12 characters; stored as a scrypt hash).', 'admin', {
        '201': { description: 'Added.', content: json({ type: 'object', properties: { user: { type: 'object', properties: { name: { type: 'string' }, role: ref('Role') } } } }) },
        ...errors(400, 401, 403, 409, 415),
      }, { requestBody: { required: true, content: json({ type: 'object', required: ['username', 'password', 'role'], properties: { username: { type: 'string' }, password: { type: 'string' }, role: ref('Role') } }) } }),
    },
    '/api/users/{name}/unlock': {
      post: change('Unlock an account locked after failed sign-ins.', 'admin', { '200': { description: 'Unlocked.' }, ...errors(401, 403, 404) }, { parameters: [nameParam] }),
    },
    '/api/users/{name}/role': {
      post: change('Change a user\'s role (the last admin keeps theirs).', 'admin', { '200': { description: 'Changed.' }, ...errors(400, 401, 403, 404, 409, 415) }, {
        parameters: [nameParam],
        requestBody: { required: true, content: json({ type: 'object', required: ['role'], properties: { role: ref('Role') } }) },
      }),
    },
    '/api/openapi.json': {
      get: op('This document.', 'caseworker', { '200': { description: 'OpenAPI 3.1.', content: json({ type: 'object' }) }, ...errors(401) }),
    },
  },
} as const;
