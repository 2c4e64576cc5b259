/*
 * libtandem: everything Tandem knows about reverse-mentoring programmes.
 * Front-ends include this one header.
 */
#ifndef TANDEM_TANDEM_H
#define TANDEM_TANDEM_H

#define TANDEM_VERSION "0.1.0"

#include "tandem/error.h"
#include "tandem/strbuf.h"
#include "tandem/diag.h"
#include "tandem/csv.h"
#include "tandem/store.h"
#include "tandem/roster.h"
#include "tandem/demo.h"
#include "tandem/role.h"
#include "tandem/audit.h"
#include "tandem/programme.h"
#include "tandem/enrol.h"
#include "tandem/match.h"
#include "tandem/solver.h"
#include "tandem/ical.h"
#include "tandem/session.h"
#include "tandem/survey.h"
#include "tandem/report.h"
#include "tandem/privacy.h"
#include "tandem/account.h"
#include "tandem/mail.h"
#include "tandem/home.h"
#include "tandem/attestation.h"
#include "tandem/lists.h"
#include "tandem/migrate.h"

#endif
