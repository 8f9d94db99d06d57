import type { ReportFigures } from './report-types';

export function emptyFigures(): ReportFigures {
  const people = () => ({ cumulative: 0, current: 0 });
  const houses = () => ({ households: 0, rooms: 0 });
  return {
    relocated: { ...people(), centralised: people(), dispersed: people() },
    centralisedSitesOpen: 0,
    evacuated: 0,
    needEmergencySupport: 0,
    needTransitionalSupport: 0,
    houses: { collapsed: houses(), severe: houses(), ordinary: houses() },
    casualties: { dead: 0, missing: 0, injured: 0 },
    relief: { cashYuan: 0, goods: [], goodsValueYuan: 0, householdsReached: 0 },
  };
}
