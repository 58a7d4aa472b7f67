// Opens that failed in this window (a refused or timed-out connect leaves no session and so no log rows):
// their codes and times, so a Predict question about the client's error is graded on what really happened.
const kept = 20;
const failures: { code: string; time: number }[] = [];

/** Called by the connection form when an open request comes back with an error. */
export function noteOpenFailure(code: string): void {
  failures.push({ code, time: Date.now() });
  if (failures.length > kept) failures.shift();
}

/** The codes of opens that failed since `time`, oldest first. */
export const openFailuresSince = (time: number): string[] => failures.filter((f) => f.time >= time).map((f) => f.code);
