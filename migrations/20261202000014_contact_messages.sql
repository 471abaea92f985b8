-- Messages sent with the public contact form: staff read them in the back-office.
CREATE TABLE contact_messages (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    company text CHECK (length(company) <= 100),
    subject text NOT NULL CHECK (subject IN ('quote', 'order', 'files', 'account', 'other')),
    message text NOT NULL CHECK (length(message) BETWEEN 1 AND 5000),
    -- The language of the page it was sent from, and of its acknowledgement.
    locale text NOT NULL CHECK (locale IN ('fr', 'en')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_messages_created_idx ON contact_messages (created_at DESC, id DESC);
