import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Project } from '../project/project.entity';
import { approvalPush } from './approval-push';
import { evaluationPush } from './evaluation-push';
import { projectPush } from './project-push';
import { RecordApprovalsInput, SubmitEvaluationsInput, UpsertProjectsInput } from './push.inputs';
import { pushItems } from './push.service';
import { ItemResult, RecordApprovalsPayload, SubmitEvaluationsPayload, UpsertProjectsPayload } from './push.types';

@Resolver()
export class PushResolver {
  @Authorized('district', 'city')
  @Mutation(() => UpsertProjectsPayload, {
    description: 'New and changed projects of one district (入库/更新), each a whole record, at most 1,000 a call. District and city tokens.',
  })
  async upsertProjects(
    @Ctx() ctx: Context,
    @Arg('input', () => UpsertProjectsInput, { description: 'The projects and the options of the push.' }) input: UpsertProjectsInput,
  ): Promise<UpsertProjectsPayload> {
    return UpsertProjectsPayload.of(await pushItems(ctx, 'upsertProjects', 'projects', input, input.projects, projectPush));
  }

  @Authorized('district', 'city')
  @Mutation(() => RecordApprovalsPayload, { description: "Approvals (审批手续) of one district's projects, at most 1,000 a call." })
  async recordApprovals(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordApprovalsInput, { description: 'The approvals and the options of the push.' }) input: RecordApprovalsInput,
  ): Promise<RecordApprovalsPayload> {
    return RecordApprovalsPayload.of(await pushItems(ctx, 'recordApprovals', 'approvals', input, input.approvals, approvalPush));
  }

  @Authorized('district', 'city')
  @Mutation(() => SubmitEvaluationsPayload, { description: "Monthly evaluations (月度调度) of one district's projects, at most 1,000 a call." })
  async submitEvaluations(
    @Ctx() ctx: Context,
    @Arg('input', () => SubmitEvaluationsInput, { description: 'The evaluations and the options of the push.' }) input: SubmitEvaluationsInput,
  ): Promise<SubmitEvaluationsPayload> {
    return SubmitEvaluationsPayload.of(await pushItems(ctx, 'submitEvaluations', 'evaluations', input, input.evaluations, evaluationPush));
  }
}

@Resolver(() => ItemResult)
export class ItemResultResolver {
  @FieldResolver(() => Project, { nullable: true, description: 'The project as it stands now; null when it was not (or would not be) written.' })
  project(@Root() result: ItemResult, @Ctx() ctx: Context): Promise<Project | null> | null {
    return result.projectId ? ctx.loaders.projectById.load(result.projectId) : null;
  }
}
