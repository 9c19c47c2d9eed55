// Writing an email (src/email/eml.ts): nodemailer's MIME tree builder, without its transports.
// It encodes headers (RFC 2047 encoded-words, folding, CR/LF removed), bodies (quoted-printable,
// base64) and file names (RFC 2231). See README.md here. Named, not default (see ora.ts).
export { default as MimeNode } from 'nodemailer/lib/mime-node';
