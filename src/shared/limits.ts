// The numbers every side agrees on (payload and datagram limits, log preview, log budget range), free of any schema library:
// the engine and the CLI's start path import these without loading zod; contract.ts re-exports them for everyone else.

/** Largest payload accepted in one send (a bigger one belongs in a file transfer, not a composer). */
export const maxSendBytes = 16 * 1024 * 1024;
/** Largest UDP payload over IPv4: 65,535 - 8 (UDP header) - 20 (IPv4 header, counted in its length field). */
export const maxUdpPayloadIpv4 = 65_507;
/** Largest UDP payload over IPv6: 65,535 - 8 (UDP header); IPv6's payload length leaves its own header out. */
export const maxUdpPayloadIpv6 = 65_527;
/** The largest datagram a socket of this family can send. */
export const maxUdpPayloadFor = (family: 'ipv4' | 'ipv6'): number => (family === 'ipv6' ? maxUdpPayloadIpv6 : maxUdpPayloadIpv4);
/** The largest datagram of either family: the bound for text that may have to fit in one. */
export const maxUdpPayload = maxUdpPayloadIpv6;

/** The engine-wide log budget a person may choose, in MiB: enough for a lesson, at most what a lab PC can spare. */
export const logBudgetRangeMiB = { min: 16, max: 4096 } as const;

/** Payload bytes sent with each row; the detail pane fetches the whole entry. */
export const rowPreviewBytes = 4096;
