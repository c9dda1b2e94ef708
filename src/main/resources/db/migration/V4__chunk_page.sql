-- The page of its file a chunk's text is on (PDFs), so a source can say "page 12"; null for files without pages.
ALTER TABLE chunk ADD COLUMN page integer;
