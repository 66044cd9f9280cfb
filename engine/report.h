/*
 * report.h — kam report (see report.c); its entry point is in kam.h.
 */
#ifndef KAM_REPORT_H
#define KAM_REPORT_H

#include "kam.h"

#endif
