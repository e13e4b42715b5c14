/** `/v1/programmes/:programmeId/quests/:questId/…` with the values filled in. */
export const questPath = (path: string, programmeId: string, questId?: number) => path.replace(':programmeId', programmeId).replace(':questId', String(questId ?? ''));
