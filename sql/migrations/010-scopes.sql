-- Roles scoped to programmes (issue 14).  A role held in role counts on
-- every programme, as before, unless rows here name the programmes it
-- is limited to.  The admin role is never scoped.
CREATE TABLE role_scope (
	employee_id	INTEGER NOT NULL REFERENCES employee(id),
	role		TEXT NOT NULL CHECK (role IN ('manager', 'sponsor')),
	programme_id	INTEGER NOT NULL REFERENCES programme(id),
	granted_at	TEXT NOT NULL,
	granted_by	TEXT NOT NULL,
	PRIMARY KEY (employee_id, role, programme_id)
);
