import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/pagination';
import { Project } from './project.entity';
import type { ProjectPage } from './project.query';
import { PublicFields } from '../cache/cache-control';

@PublicFields()
@ObjectType({ description: 'An edge of a project page.' })
export class ProjectEdge {
  @Field({ description: 'Opaque cursor of this project; pass it as `after` to continue after it.' })
  cursor!: string;

  @Field(() => Project, { description: 'The project.' })
  node!: Project;
}

@PublicFields()
@ObjectType({ description: 'A page of projects (Relay connection).' })
export class ProjectConnection {
  @Field(() => [ProjectEdge], { description: 'The projects of this page, in order.' })
  edges!: ProjectEdge[];

  @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursor to ask for the next.' })
  pageInfo!: PageInfo;

  /** Computed only when selected. */
  count!: () => Promise<number>;

  @Field(() => Int, { description: 'How many projects match the filter, across all pages.' })
  totalCount(): Promise<number> {
    return this.count();
  }

  static of(page: ProjectPage): ProjectConnection {
    const connection = new ProjectConnection();
    connection.edges = page.edges;
    connection.pageInfo = { hasNextPage: page.hasNextPage, endCursor: page.edges.at(-1)?.cursor ?? null };
    connection.count = page.totalCount;
    return connection;
  }
}
