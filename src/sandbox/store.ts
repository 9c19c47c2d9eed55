/**
 * What the sandbox portal holds, kept under its data directory where a person can inspect it:
 *   requests/<id>.json                 each request, with its comments
 *   uploads/<token>/upload.json        each upload's metadata
 *   uploads/<token>/<id>-<file name>   the bytes exactly as received
 *   journal.jsonl                      one line per HTTP exchange (no credentials)
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AttachmentRecord {
  id: number;
  file_name: string;
  content_type: string;
  size: number;
  /** Where the bytes are, inside the data directory. */
  stored_as: string;
}

export interface UploadRecord {
  token: string;
  owner_id: number;
  created_at: string;
  expires_at: string;
  attachments: AttachmentRecord[];
  used_by_request?: number;
}

export interface CommentRecord {
  id: number;
  author_id: number;
  body: string;
  created_at: string;
  attachments: AttachmentRecord[];
}

export interface RequestRecord {
  id: number;
  subject: string;
  description: string;
  status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
  requester_id: number;
  email_cc_ids: number[];
  cc_emails: string[];
  custom_fields: Array<{ id: number; value: unknown }>;
  /** null when the portal has no forms. */
  ticket_form_id: number | null;
  /** The system Priority field, when end users may set it (form-setups.ts). */
  priority?: string | null;
  created_at: string;
  updated_at: string;
  idempotency_key?: string;
  /** The closed request this one follows up on (via_followup_source_id), if any. */
  followup_source_id?: number | null;
  comments: CommentRecord[];
}

export interface JournalEntry {
  at: string;
  method: string;
  path: string;
  /** 0 when no answer was sent (a dropped connection, or one never answered). */
  status: number;
  account?: number;
  fault?: string;
}

export class SandboxStore {
  readonly dataDir: string;
  readonly requests = new Map<number, RequestRecord>();
  readonly uploads = new Map<string, UploadRecord>();
  private readonly users = new Map<string, number>();
  private nextRequestId = 1;
  private nextAttachmentId = 5000;
  private nextCommentId = 7000;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    mkdirSync(join(dataDir, 'requests'), { recursive: true });
    mkdirSync(join(dataDir, 'uploads'), { recursive: true });
    this.load();
  }

  private load(): void {
    for (const name of readdirSync(join(this.dataDir, 'requests'))) {
      if (!name.endsWith('.json')) continue;
      const record = JSON.parse(readFileSync(join(this.dataDir, 'requests', name), 'utf8')) as RequestRecord;
      this.requests.set(record.id, record);
      this.nextRequestId = Math.max(this.nextRequestId, record.id + 1);
      for (const c of record.comments) {
        this.nextCommentId = Math.max(this.nextCommentId, c.id + 1);
        for (const a of c.attachments) this.nextAttachmentId = Math.max(this.nextAttachmentId, a.id + 1);
      }
    }
    for (const token of readdirSync(join(this.dataDir, 'uploads'))) {
      try {
        const record = JSON.parse(readFileSync(join(this.dataDir, 'uploads', token, 'upload.json'), 'utf8')) as UploadRecord;
        this.uploads.set(record.token, record);
        for (const a of record.attachments) this.nextAttachmentId = Math.max(this.nextAttachmentId, a.id + 1);
      } catch {
        // an upload that never finished: nothing to load
      }
    }
  }

  userIdFor(email: string): number {
    const key = email.toLowerCase();
    let id = this.users.get(key);
    if (id === undefined) {
      id = 20000 + this.users.size;
      this.users.set(key, id);
    }
    return id;
  }

  newUploadToken(): string {
    return randomBytes(12).toString('base64url');
  }

  /** Where a new attachment's bytes go; the file name is made safe for the disk, the real one is kept in metadata. */
  newAttachmentPath(token: string, fileName: string): { id: number; relative: string; absolute: string } {
    const id = this.nextAttachmentId++;
    const safe = fileName.replace(/[/\\\0]/g, '_').replace(/^\.+/, '_').slice(0, 200) || 'file';
    const relative = join('uploads', token, `${id}-${safe}`);
    mkdirSync(join(this.dataDir, 'uploads', token), { recursive: true });
    return { id, relative, absolute: join(this.dataDir, relative) };
  }

  saveUpload(record: UploadRecord): void {
    this.uploads.set(record.token, record);
    writeFileSync(join(this.dataDir, 'uploads', record.token, 'upload.json'), `${JSON.stringify(record, null, 2)}\n`);
  }

  deleteUpload(token: string): void {
    this.uploads.delete(token);
    rmSync(join(this.dataDir, 'uploads', token), { recursive: true, force: true });
  }

  newRequestId(): number {
    return this.nextRequestId++;
  }

  newCommentId(): number {
    return this.nextCommentId++;
  }

  saveRequest(record: RequestRecord): void {
    this.requests.set(record.id, record);
    writeFileSync(join(this.dataDir, 'requests', `${record.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }

  journal(entry: JournalEntry): void {
    appendFileSync(join(this.dataDir, 'journal.jsonl'), `${JSON.stringify(entry)}\n`);
  }

  readJournal(): JournalEntry[] {
    try {
      return readFileSync(join(this.dataDir, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as JournalEntry);
    } catch {
      return [];
    }
  }
}
