/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef FAULTS_H
#define FAULTS_H

/* Fault on purpose; returns only for an unknown kind (after a message). */
void faults_crash(const char *kind);

#endif /* FAULTS_H */
