-- Both sides measured (issue 16, point 2): the mentors' closing answers,
-- the 90-day follow-up, and a checklist of changed practice per topic.
-- The checklist and its reasons are in docs/surveys.md.

-- A mentor's closing answers: confidence (1 to 5) in teaching a senior
-- colleague and in giving feedback upwards, and the topics they taught.
CREATE TABLE closing_mentor (
	enrolment_id	INTEGER PRIMARY KEY REFERENCES enrolment(id),
	teach		INTEGER NOT NULL CHECK (teach BETWEEN 1 AND 5),
	upward		INTEGER NOT NULL CHECK (upward BETWEEN 1 AND 5)
);
CREATE TABLE closing_taught (
	enrolment_id	INTEGER NOT NULL REFERENCES enrolment(id),
	topic_id	INTEGER NOT NULL REFERENCES topic(id),
	PRIMARY KEY (enrolment_id, topic_id)
);

-- The follow-up, opened 90 days after the programme closes: once per
-- member; mentees give their levels again, mentors their confidence.
CREATE TABLE followup (
	enrolment_id	INTEGER PRIMARY KEY REFERENCES enrolment(id),
	teach		INTEGER CHECK (teach BETWEEN 1 AND 5),
	upward		INTEGER CHECK (upward BETWEEN 1 AND 5),
	at		TEXT NOT NULL
);
CREATE TABLE followup_level (
	enrolment_id	INTEGER NOT NULL REFERENCES enrolment(id),
	topic_id	INTEGER NOT NULL REFERENCES topic(id),
	level		INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
	PRIMARY KEY (enrolment_id, topic_id)
);

-- The checklist of changed practice: a few concrete acts per built-in
-- topic, each ticked (or not) at the close and at the follow-up.
CREATE TABLE practice (
	id		INTEGER PRIMARY KEY,
	topic_id	INTEGER NOT NULL REFERENCES topic(id),
	code		TEXT NOT NULL UNIQUE,
	label_fr	TEXT NOT NULL,
	label_en	TEXT NOT NULL
);
CREATE TABLE practice_done (
	enrolment_id	INTEGER NOT NULL REFERENCES enrolment(id),
	practice_id	INTEGER NOT NULL REFERENCES practice(id),
	stage		TEXT NOT NULL CHECK (stage IN ('closing', 'followup')),
	PRIMARY KEY (enrolment_id, practice_id, stage)
);

INSERT INTO practice (topic_id, code, label_fr, label_en)
SELECT t.id, m.code, m.label_fr, m.label_en
FROM topic t JOIN (
	SELECT 'web-search' AS topic, 'search-operators' AS code,
	    'J''utilise les opérateurs de recherche (guillemets, site:, -mot)'
	    AS label_fr,
	    'I use search operators (quotes, site:, -word)' AS label_en
	UNION ALL SELECT 'web-search', 'search-check-source',
	    'Je vérifie la source d''une information avant de la partager',
	    'I check the source of a piece of information before sharing it'
	UNION ALL SELECT 'personal-data', 'privacy-settings',
	    'J''ai revu les paramètres de confidentialité de mes comptes',
	    'I have reviewed the privacy settings of my accounts'
	UNION ALL SELECT 'personal-data', 'password-manager',
	    'J''utilise un gestionnaire de mots de passe',
	    'I use a password manager'
	UNION ALL SELECT 'social-selling', 'profile-updated',
	    'J''ai mis à jour mon profil professionnel en ligne',
	    'I have updated my professional profile online'
	UNION ALL SELECT 'social-selling', 'social-post',
	    'J''ai publié ou partagé un contenu professionnel',
	    'I have published or shared professional content'
	UNION ALL SELECT 'digital-tools', 'new-app-used',
	    'J''utilise une nouvelle application dans mon travail',
	    'I use a new app in my work'
	UNION ALL SELECT 'collaboration', 'shared-document',
	    'Je travaille à plusieurs sur un document partagé',
	    'I work with others on a shared document'
	UNION ALL SELECT 'collaboration', 'video-meeting',
	    'J''organise moi-même une réunion en visioconférence',
	    'I set up a video meeting myself'
	UNION ALL SELECT 'generative-ai', 'genai-real-task',
	    'J''ai utilisé une IA générative pour une vraie tâche',
	    'I have used a generative-AI tool for a real task'
	UNION ALL SELECT 'generative-ai', 'genai-checked',
	    'Je relis et vérifie ce que l''IA générative produit',
	    'I review and check what generative AI produces'
	UNION ALL SELECT 'security', 'two-factor',
	    'J''ai activé la double authentification',
	    'I have turned on two-factor authentication'
	UNION ALL SELECT 'security', 'phishing-report',
	    'Je sais reconnaître et signaler un hameçonnage',
	    'I can recognise and report a phishing attempt'
	UNION ALL SELECT 'e-reputation', 'name-searched',
	    'J''ai cherché ce que le web dit de moi',
	    'I have searched what the web says about me'
	UNION ALL SELECT 'e-learning', 'course-followed',
	    'J''ai suivi un module de formation en ligne',
	    'I have followed an online training module'
) m ON m.topic = t.code;
