/**
 * The example operations the GraphQL IDE opens with, one tab each. Every example is a named
 * operation (GraphiQL titles the tab with the operation name) that starts with a `#` comment in
 * Chinese and English. Only names of the public API contract are used, so the examples keep
 * working for as long as the contract does.
 */
export interface IdeExample {
  /** The operation's name, shown as the tab title. */
  name: string;
  /** The GraphQL document. */
  query: string;
  /** The variables editor's content, as JSON text. */
  variables?: string;
  /** Runs only with an API token in the tab's Headers (the comment says so). */
  needsToken?: boolean;
}

const DISTRICT_TOP_PROJECTS = `# 某区总投资最大的 10 个项目（武进区 320412；金坛区 320413；高新区 320411）
# A district's ten largest projects by total investment (Wujin 320412, Jintan 320413, Xinbei 320411).
# 写操作需在下方 Headers 中填写 / For writes, put your token in Headers below: {"Authorization": "Bearer <token>"}
query DistrictTopProjects {
  district(code: "320412") {
    name
    projects(first: 10, orderBy: { field: TOTAL_INVESTMENT, direction: DESC }) {
      totalCount
      edges {
        node {
          name
          status
          park
          totalInvestment {
            wanYuan
            original
            originalUnit
            currency
            qualifier
          }
          industry {
            code
            name
            parent {
              name
            }
          }
        }
      }
    }
  }
}
`;

const PROJECT_APPROVALS_AND_EVALUATIONS = `# 按名称查找项目，查看其入库、审批手续、月度评价及“拿地到开工”天数
# Find projects by name and show their listings, approvals, monthly evaluations and land-to-start days.
query ProjectApprovalsAndEvaluations {
  projects(first: 5, filter: { nameContains: "蜂巢" }) {
    totalCount
    edges {
      node {
        name
        externalId
        district {
          code
          name
        }
        status
        listings {
          year
          level
          category
          constructionType
          annualPlannedInvestment {
            wanYuan
          }
          plannedStartOn
          plannedCompletionOn
        }
        approvals {
          kind
          issuedOn
          documentNo
          issuer
        }
        evaluations {
          year
          month
          completedInvestmentYtd {
            wanYuan
          }
          physicalProgressPct
          assessedRag
          revision
        }
        latestEvaluation {
          year
          month
          completedInvestmentYtd {
            wanYuan
          }
          physicalProgressPct
          assessedRag
        }
        landToStartDays
      }
    }
  }
}
`;

const INDUSTRY_TREE = `# 全市两级产业分类，以及各区自有产业标签（武进 95X、金坛 五新产业、高新区）对应的分类
# The city's two-level industry taxonomy, and where each district's own industry labels map onto it.
query IndustryTree {
  industries {
    code
    name
    nameEn
    children {
      code
      name
    }
  }
  industryLabels {
    district {
      code
    }
    label
    industry {
      code
    }
  }
}
`;

/**
 * The city dashboard's main query, the contract's ../shared/dashboard.graphql named after this example: the
 * one copy in the repository, which the dashboard tests and benchmarks run too.
 */
export const CITY_DASHBOARD_QUERY = `# 全市驾驶舱：各区指标、排名、重点项目（变量：年份、月份）
# The city dashboard's main query: district indicators, rankings and top projects (variables: year, month).
# Variables: {"year": 2026, "month": 10}
query CityDashboard($year: Int!, $month: Int) {
  byRate: districtRanking(indicator: INVESTMENT_COMPLETION_RATE, year: $year, month: $month) {
    rank value district { code name }
  }
  byStarted: districtRanking(indicator: STARTED_COUNT, year: $year, month: $month) {
    rank value district { code }
  }
  districts {
    code
    name
    indicators(year: $year, month: $month) {
      timeProgress listedCount newPlannedCount startedCount startRate underConstructionCount
      completedCount plannedInvestment completedInvestment investmentCompletionRate scheduleGapPp
      redCount yellowCount greenCount quickStartCount
    }
    provincial: indicators(year: $year, month: $month, level: PROVINCIAL_MAJOR) {
      listedCount startedCount investmentCompletionRate
    }
    projects(first: 10, orderBy: { field: TOTAL_INVESTMENT, direction: DESC }, filter: { year: $year }) {
      totalCount
      edges {
        node {
          name
          status
          totalInvestment { wanYuan }
          industry { code name parent { code name } }
          approvals { kind issuedOn }
          latestEvaluation { year month completedInvestmentYtd { wanYuan } physicalProgressPct }
          ragStatus(year: $year, month: $month)
        }
      }
    }
  }
  topCompleted: projectRanking(indicator: COMPLETED_INVESTMENT, year: $year, month: $month, top: 10) {
    rank value project { name district { code } industry { name } }
  }
}
`;

export const CITY_DASHBOARD_VARIABLES = { year: 2026, month: 10 };

const AUDIT_LOG_PAGE = `# 审计日志（需令牌：在下方 Headers 填写 {"Authorization": "Bearer <token>"}），最新在前；把 pageInfo.endCursor 填入变量 after 向更早翻页。
# 轮询新条目：从最新一页往下读，读到上次见过的最大 id 为止（较小的 id 不会在较大的之后出现，故不会漏）；不要用 filter.since 轮询。
# The audit log (needs a token in Headers below), newest first; put pageInfo.endCursor into the variable "after" for older entries.
# To poll for new entries, read from the newest page down to the highest id you saw last time: a lower id never appears after a
# higher one, so none is missed. Do not poll with filter.since: an entry's "at" is when its push began, not when it committed.
query AuditLogPage($after: String) {
  auditLog(first: 20, after: $after) {
    edges {
      cursor
      node {
        id
        at
        actorRole
        actorDistrict
        actorKey
        mutation
        entity
        entityId
        projectId
        before
        after
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

export const IDE_EXAMPLES: IdeExample[] = [
  { name: 'DistrictTopProjects', query: DISTRICT_TOP_PROJECTS },
  { name: 'ProjectApprovalsAndEvaluations', query: PROJECT_APPROVALS_AND_EVALUATIONS },
  { name: 'IndustryTree', query: INDUSTRY_TREE },
  { name: 'CityDashboard', query: CITY_DASHBOARD_QUERY, variables: `${JSON.stringify(CITY_DASHBOARD_VARIABLES, null, 2)}\n` },
  { name: 'AuditLogPage', query: AUDIT_LOG_PAGE, variables: `${JSON.stringify({ after: null }, null, 2)}\n`, needsToken: true },
];
