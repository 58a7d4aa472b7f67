export const ko = { app: { title: 'Socket Lab' } };
