/* lockslots(N, M) for GenMC: N threads, M plain slots guarded by one pthread mutex; thread t
 * locks, increments slot t % M (a read and a write), unlocks. The C twin of
 * workloads::lockslots in bench/workloads.cpp; see bench/workloads.h for the counts
 * (N! orders of the sections when every pair of sections conflicts on the lock, the product of
 * c_s! over the slots when only sections that share a slot are ordered).
 * Build: genmc -- -DN=4 -DM=2 lockslots.c */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

#ifndef N
#define N 4
#endif
#ifndef M
#define M 2
#endif

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int slot[M];   /* guarded by lock */
static int index_of[N];

static void *section(void *arg)
{
	int t = *(int *)arg;

	pthread_mutex_lock(&lock);
	slot[t % M] = slot[t % M] + 1;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t th[N];

	for (int t = 0; t < N; t++) {
		index_of[t] = t;
		if (pthread_create(&th[t], NULL, section, &index_of[t]))
			abort();
	}
	/* Joining orders every section before the check; it adds no choices. */
	for (int t = 0; t < N; t++)
		pthread_join(th[t], NULL);
	for (int s = 0; s < M; s++)
		assert(slot[s] == N / M + (s < N % M));
	return 0;
}
