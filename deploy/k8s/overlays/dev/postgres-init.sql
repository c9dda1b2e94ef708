-- Runs once, when the data directory is first initialised, in the database named by POSTGRES_DB.
CREATE EXTENSION IF NOT EXISTS vector;
