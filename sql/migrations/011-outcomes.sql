-- Outcomes (issue 16): each built-in topic's competences in the French
-- reference framework (CRCN, the one Pix certifies) and in the European
-- DigComp 2.2, so that a company can relate its gains to them.  The
-- table, its reasons and its sources are in docs/frameworks.md.
CREATE TABLE topic_competence (
	topic_id	INTEGER NOT NULL REFERENCES topic(id),
	framework	TEXT NOT NULL CHECK (framework IN ('crcn', 'digcomp')),
	code		TEXT NOT NULL,		-- '1.1', '4.2', ...
	label_fr	TEXT NOT NULL,
	label_en	TEXT NOT NULL,
	PRIMARY KEY (topic_id, framework, code)
);

INSERT INTO topic_competence (topic_id, framework, code, label_fr, label_en)
SELECT t.id, m.framework, m.code, m.label_fr, m.label_en
FROM topic t JOIN (
	SELECT 'web-search' AS topic, 'crcn' AS framework, '1.1' AS code,
	    'Mener une recherche et une veille d''information' AS label_fr,
	    'Searching and monitoring information' AS label_en
	UNION ALL SELECT 'web-search', 'digcomp', '1.1',
	    'Naviguer, rechercher et filtrer des données, des informations et des contenus numériques',
	    'Browsing, searching and filtering data, information and digital content'
	UNION ALL SELECT 'web-search', 'digcomp', '1.2',
	    'Évaluer des données, des informations et des contenus numériques',
	    'Evaluating data, information and digital content'
	UNION ALL SELECT 'personal-data', 'crcn', '4.2',
	    'Protéger les données personnelles et la vie privée',
	    'Protecting personal data and privacy'
	UNION ALL SELECT 'personal-data', 'digcomp', '4.2',
	    'Protéger les données personnelles et la vie privée',
	    'Protecting personal data and privacy'
	UNION ALL SELECT 'social-selling', 'crcn', '2.1', 'Interagir',
	    'Interacting'
	UNION ALL SELECT 'social-selling', 'crcn', '2.2', 'Partager et publier',
	    'Sharing and publishing'
	UNION ALL SELECT 'social-selling', 'digcomp', '2.2',
	    'Partager au moyen des technologies numériques',
	    'Sharing through digital technologies'
	UNION ALL SELECT 'social-selling', 'digcomp', '2.6',
	    'Gérer son identité numérique', 'Managing digital identity'
	UNION ALL SELECT 'digital-tools', 'crcn', '5.2',
	    'Évoluer dans un environnement numérique',
	    'Evolving in a digital environment'
	UNION ALL SELECT 'digital-tools', 'digcomp', '5.2',
	    'Identifier des besoins et des réponses technologiques',
	    'Identifying needs and technological responses'
	UNION ALL SELECT 'collaboration', 'crcn', '2.3', 'Collaborer',
	    'Collaborating'
	UNION ALL SELECT 'collaboration', 'digcomp', '2.4',
	    'Collaborer au moyen des technologies numériques',
	    'Collaborating through digital technologies'
	UNION ALL SELECT 'generative-ai', 'crcn', '1.3', 'Traiter des données',
	    'Processing data'
	UNION ALL SELECT 'generative-ai', 'crcn', '3.3',
	    'Adapter les documents à leur finalité',
	    'Adapting documents to their purpose'
	UNION ALL SELECT 'generative-ai', 'digcomp', '3.2',
	    'Intégrer et réélaborer des contenus numériques',
	    'Integrating and re-elaborating digital content'
	UNION ALL SELECT 'generative-ai', 'digcomp', '5.3',
	    'Utiliser les technologies numériques de manière créative',
	    'Creatively using digital technologies'
	UNION ALL SELECT 'security', 'crcn', '4.1',
	    'Sécuriser l''environnement numérique',
	    'Securing the digital environment'
	UNION ALL SELECT 'security', 'digcomp', '4.1',
	    'Protéger les appareils', 'Protecting devices'
	UNION ALL SELECT 'e-reputation', 'crcn', '2.4',
	    'S''insérer dans le monde numérique',
	    'Fitting into the digital world'
	UNION ALL SELECT 'e-reputation', 'digcomp', '2.6',
	    'Gérer son identité numérique', 'Managing digital identity'
	UNION ALL SELECT 'e-learning', 'crcn', '5.2',
	    'Évoluer dans un environnement numérique',
	    'Evolving in a digital environment'
	UNION ALL SELECT 'e-learning', 'digcomp', '5.4',
	    'Identifier les lacunes en matière de compétences numériques',
	    'Identifying digital competence gaps'
) m ON m.topic = t.code;
