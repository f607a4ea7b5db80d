#ifndef OSM_PROCESS_START_H
#define OSM_PROCESS_START_H

/** How many SIGINTs arrived between the start of the process and the moment osm took over the signal
 *  (the count a handler installed before main has kept). */
int osm_early_interrupts(void);

#endif
