export const en = { app: { title: 'Socket Lab' } };
