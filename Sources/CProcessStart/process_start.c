#include "process_start.h"
#include <malloc.h>
#include <signal.h>
#include <string.h>

/* Ctrl-C in the first milliseconds of a run, before the Swift runtime and main() have set up their
   own handling, would otherwise end the process by the signal. A handler installed by the loader,
   before anything else runs, only counts it; main() then treats it as an interrupt of the command. */
static volatile sig_atomic_t osm_interrupts_before_main = 0;

static void osm_count_interrupt(int signal_number) {
    (void)signal_number;
    osm_interrupts_before_main += 1;
}

__attribute__((constructor(101))) static void osm_take_sigint_early(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = osm_count_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
}

int osm_early_interrupts(void) { return (int)osm_interrupts_before_main; }

/* One malloc arena for the whole process. glibc gives each thread that allocates an arena of its own
   (the render thread, the cooperative pool's threads, libcurl's loops), and each arena keeps pages of
   its own resident: 0.7 MB of a dry-run of a chart with a packaged subchart. osm's threads rarely
   allocate at the same moment, so sharing one costs no measurable time. */
__attribute__((constructor(102))) static void osm_one_malloc_arena(void) {
    mallopt(M_ARENA_MAX, 1);
}
