-- The storage quota sums an account's design files in the upload's transaction: this index
-- answers that sum alone (an index-only scan), however many files other accounts keep.
CREATE INDEX project_files_account_size ON project_files (account_id) INCLUDE (size_bytes);
